import { AppError } from '../../../shared/errors';
import { translateSqliteError } from '../db/sqlite-errors';
import { LedgerError } from '../ledger/errors';

/**
 * The app-wide form of a failure, for boundaries (IPC, HTTP, CLI). A LedgerError that reaches a
 * boundary means the workspace's own ledger data failed a format check (its own inputs are
 * parsed before they get that far), so it surfaces as LEDGER_DAMAGED with the format code kept
 * in the message. SQLite's failures with a meaning of their own (a full disk, a damaged or
 * locked file) get their stable codes wherever they were thrown. Anything else is unexpected
 * and stays undefined.
 */
export function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof LedgerError) {
    return new AppError(
      'LEDGER_DAMAGED',
      `The ledger's stored data failed a check (${error.code}): ${error.message}. Run a verification to find the first bad entry.`,
      undefined,
      { cause: error },
    );
  }
  const translated = translateSqliteError(error);
  return translated instanceof AppError ? translated : undefined;
}
