import { AppError } from '../../../../shared/errors';

/** Normalises a timestamp so every stored time has one shape and times compare as text. */
export function instant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AppError('INVALID_INPUT', `${value} is not a timestamp.`);
  return new Date(ms).toISOString();
}
