import type { z } from 'zod';
import { AppError, type InputIssue } from '../../../shared/errors';

/** A zod error as the located issues a refusal carries (the first 20), under `prefix`. */
export function issuesOf(error: z.ZodError, prefix = ''): InputIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/**
 * Parses a value a caller other than the contract may have sent (the CLI, another command);
 * INVALID_INPUT names each bad field, under `field` when given.
 */
export function parseOrRefuse<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
  field = '',
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesOf(result.error, field);
  throw new AppError(
    'INVALID_INPUT',
    `${what}: ${issues.map((issue) => `${issue.path || 'value'}: ${issue.message}`).join('; ')}`,
    issues,
  );
}
