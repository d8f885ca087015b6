import { AppError } from '../../../shared/errors';
import { LedgerError } from '../ledger/errors';

/**
 * The stable code of the error `run` throws (AppError or LedgerError), or undefined when it
 * returns normally. Any other error propagates, so an unexpected crash fails the test loudly.
 */
export function thrownCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError || error instanceof LedgerError) return error.code;
    throw error;
  }
  return undefined;
}
