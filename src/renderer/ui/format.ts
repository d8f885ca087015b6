const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const count = new Intl.NumberFormat();

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string): string {
  const date = parse(iso);
  return date ? dateTime.format(date) : iso;
}

/** "just now", "5 min. ago", "yesterday"; older than a week falls back to a short date. */
export function formatRelative(iso: string, now: number): string {
  const date = parse(iso);
  if (!date) return iso;
  const elapsed = now - date.getTime();
  if (elapsed < minute && elapsed > -minute) return 'just now';
  if (elapsed < 0 || elapsed >= 7 * day) return shortDate.format(date);
  if (elapsed < hour) return relative.format(-Math.floor(elapsed / minute), 'minute');
  if (elapsed < day) return relative.format(-Math.floor(elapsed / hour), 'hour');
  return relative.format(-Math.floor(elapsed / day), 'day');
}

export function formatCount(value: number): string {
  return count.format(value);
}

/** "1 dataset", "2,400 datasets". */
export function pluralise(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}
