import { z } from 'zod';

/**
 * Terms the charter and the catalog share. They live apart from both so that each can use
 * them without importing the other.
 */
export const sensitivitySchema = z.enum(['public', 'internal', 'confidential', 'restricted']);
export type Sensitivity = z.infer<typeof sensitivitySchema>;
export const sensitivityLabels: Record<Sensitivity, string> = {
  public: 'Public',
  internal: 'Internal',
  confidential: 'Confidential',
  restricted: 'Restricted',
};
/** public < internal < confidential < restricted. */
export function sensitivityRank(sensitivity: Sensitivity): number {
  return sensitivitySchema.options.indexOf(sensitivity);
}

export const cadenceIntervalSchema = z.enum(['hourly', 'daily', 'weekly', 'monthly', 'quarterly']);
export type CadenceInterval = z.infer<typeof cadenceIntervalSchema>;
/** Real-time streaming, or periodic summaries at an interval. */
export const cadenceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('realtime') }),
  z.strictObject({ kind: z.literal('periodic'), interval: cadenceIntervalSchema }),
]);
export type Cadence = z.infer<typeof cadenceSchema>;

/** One word per cadence, for tables, CSV cells and SQL columns: `realtime`, `daily`, ... */
export const cadenceKeySchema = z.enum(['realtime', ...cadenceIntervalSchema.options]);
export type CadenceKey = z.infer<typeof cadenceKeySchema>;
export const cadenceLabels: Record<CadenceKey, string> = {
  realtime: 'Real-time (streaming)',
  hourly: 'Hourly summaries',
  daily: 'Daily summaries',
  weekly: 'Weekly summaries',
  monthly: 'Monthly summaries',
  quarterly: 'Quarterly summaries',
};
export function cadenceKey(cadence: Cadence): CadenceKey {
  return cadence.kind === 'realtime' ? 'realtime' : cadence.interval;
}
export function cadenceOfKey(key: CadenceKey): Cadence {
  return key === 'realtime' ? { kind: 'realtime' } : { kind: 'periodic', interval: key };
}

/** ISO 8601 date-based durations (P90D, P1Y6M, P2W): what retention and grants are given in. */
export const isoDurationSchema = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, 'Use an ISO 8601 duration such as P90D or P1Y');

/**
 * Approximate length in days (a year is 365, a month 30), for comparing a dataset's retention
 * with its category's. Close enough to order P12M before P1Y before P366D, which is all a
 * "not above the charter's" rule needs; calendar arithmetic would give the same verdicts.
 */
export function isoDurationDays(duration: string): number {
  let days = durationDays.get(duration);
  if (days === undefined) {
    days = computeDurationDays(duration);
    // Bounded: charters name a handful of durations, but a duration is also whatever was typed.
    if (durationDays.size < 1_000) durationDays.set(duration, days);
  }
  return days;
}

/** The policy asks for every grant it judges; parsed once per distinct duration. */
const durationDays = new Map<string, number>();

function computeDurationDays(duration: string): number {
  const parts = durationParts(duration);
  if (!parts) return Number.NaN;
  const [years, months, weeks, days] = parts.map((part) => part ?? 0);
  return (years ?? 0) * 365 + (months ?? 0) * 30 + (weeks ?? 0) * 7 + (days ?? 0);
}

/** Years, months, weeks, days of an ISO duration; a part not written is undefined. */
function durationParts(duration: string): (number | undefined)[] | null {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(duration);
  if (!match) return null;
  // Unmatched optional groups are undefined at run time, whatever the DOM typings say.
  const groups: (string | undefined)[] = match.slice(1);
  return groups.map((part) => (part === undefined ? undefined : Number(part)));
}

/** "P1Y6M" → "1 year 6 months". */
export function formatIsoDuration(duration: string): string {
  const parts = durationParts(duration);
  if (!parts) return duration;
  const units = ['year', 'month', 'week', 'day'];
  return parts
    .map((n, index) =>
      n === undefined ? null : `${String(n)} ${units[index] ?? ''}${n === 1 ? '' : 's'}`,
    )
    .filter((part) => part !== null)
    .join(' ');
}
