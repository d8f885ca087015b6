import { z } from 'zod';

export const isoDayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 for a calendar date written YYYY-MM-DD, or null when it is not one
 * (2026-02-30 is not). Date.UTC is plain arithmetic here, not a clock.
 */
export function isoDayNumber(day: string): number | null {
  const cached = dayNumbers.get(day);
  if (cached !== undefined) return cached;
  const number = computeIsoDayNumber(day);
  // Bounded: the policy judges 200,000 grants over a few hundred distinct days, but a day is
  // also whatever a user typed.
  if (dayNumbers.size < 20_000) dayNumbers.set(day, number);
  return number;
}

const dayNumbers = new Map<string, number | null>();

function computeIsoDayNumber(day: string): number | null {
  const match = isoDayPattern.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, date);
  const check = new Date(time);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== date
  ) {
    return null;
  }
  return time / 86_400_000;
}

/**
 * A calendar day, YYYY-MM-DD, that exists: a pattern alone lets "0000-30-00" through, and date
 * arithmetic on it throws further in.
 */
export const isoDaySchema = z
  .string()
  .max(10)
  .refine((day) => isoDayNumber(day) !== null, 'Use a date like 2026-11-23');
