import { AppError } from '../../../shared/errors';

interface SqliteErrorLike {
  code: string;
  message: string;
}

function isSqliteError(error: unknown): error is SqliteErrorLike {
  return (
    error instanceof Error &&
    error.name === 'SqliteError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/**
 * Translates SQLite's failure codes into Concordat's stable codes, with a message that tells
 * the person what to do. Errors that are not SQLite's are returned unchanged.
 */
export function translateSqliteError(error: unknown, path: string): unknown {
  if (error instanceof AppError || !isSqliteError(error)) return error;
  const code = error.code;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'WORKSPACE_LOCKED',
      `The workspace ${path} is locked by another program or Concordat window. Close it and try again.`,
      undefined,
      { cause: error },
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new AppError(
      'WORKSPACE_NOT_SQLITE',
      `${path} is not a Concordat workspace (not an SQLite database).`,
      undefined,
      {
        cause: error,
      },
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'WORKSPACE_CORRUPT',
      `The workspace ${path} is damaged (${error.message}). Restore it from a backup; Concordat has not changed it.`,
      undefined,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(
      'WORKSPACE_READ_ONLY',
      `The workspace ${path} cannot be written (read-only file or folder). Check its permissions.`,
      undefined,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError(
      'WORKSPACE_NOT_FOUND',
      `Cannot open ${path}: the file or its folder is missing or not accessible.`,
      undefined,
      {
        cause: error,
      },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'WORKSPACE_READ_ONLY',
      `The disk holding ${path} is full. Free some space and try again; nothing was written.`,
      undefined,
      {
        cause: error,
      },
    );
  }
  return error;
}
