import { AppError, type ErrorCode } from '../../shared/errors';

/** Codes that mean "change what you typed or which file you named": exit 2. */
const inputCodes = new Set<ErrorCode>([
  'INVALID_INPUT',
  'WORKSPACE_NOT_FOUND',
  'WORKSPACE_EXISTS',
  'WORKSPACE_NOT_SQLITE',
  'WORKSPACE_NOT_CONCORDAT',
  'WORKSPACE_NOT_INITIALISED',
  'KEY_PASSPHRASE_REQUIRED',
  'KEY_PASSPHRASE_WRONG',
  'BUNDLE_INVALID',
]);

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends AppError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof AppError) return inputCodes.has(error.code) ? EXIT_USAGE : EXIT_FAILED;
  return EXIT_FAILED;
}
