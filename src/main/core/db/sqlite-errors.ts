import { AppError } from '../../../shared/errors';

interface SqliteErrorLike {
  code: string;
  message: string;
}

export function isSqliteError(error: unknown): error is SqliteErrorLike {
  return (
    error instanceof Error &&
    error.name === 'SqliteError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/**
 * Translates SQLite's failure codes into Concordat's stable codes, with a message that tells
 * the person what to do. Errors that are not SQLite's (or that have no stable code) are
 * returned unchanged. `path` names the workspace file in the message when it is known.
 */
export function translateSqliteError(error: unknown, path?: string): unknown {
  if (error instanceof AppError || !isSqliteError(error)) return error;
  const code = error.code;
  const workspace = path === undefined ? 'The workspace' : `The workspace ${path}`;
  const file = path ?? 'The workspace file';
  const because = { cause: error };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'WORKSPACE_LOCKED',
      `${workspace} is locked by another program or Concordat window. Close it and try again.`,
      undefined,
      because,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new AppError(
      'WORKSPACE_NOT_SQLITE',
      `${file} is not a Concordat workspace (not an SQLite database).`,
      undefined,
      because,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'WORKSPACE_CORRUPT',
      `${workspace} is damaged (${error.message}). Restore it from a backup; Concordat has not changed it.`,
      undefined,
      because,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(
      'WORKSPACE_READ_ONLY',
      `${workspace} cannot be written (read-only file or folder). Check its permissions.`,
      undefined,
      because,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError(
      'WORKSPACE_NOT_FOUND',
      `Cannot open ${path ?? 'the workspace'}: the file or its folder is missing or not accessible.`,
      undefined,
      because,
    );
  }
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'WORKSPACE_FULL',
      `The disk is full, so the change was rolled back and nothing was saved${path === undefined ? '' : ` to ${path}`}. Free some space (or move the workspace to a larger disk) and try again.`,
      undefined,
      because,
    );
  }
  return error;
}
