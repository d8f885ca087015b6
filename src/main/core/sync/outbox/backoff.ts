const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;
const JITTER = 0.2;

/**
 * How long to wait after the `failures`-th failed attempt (1 for the first): 30 s, doubling,
 * at most an hour. The ±20 % jitter keeps fifty peers that failed together (a server down, the
 * laptop offline) from all retrying in the same second; below the cap it spreads both ways,
 * at the cap only downwards, so no wait ever exceeds the hour.
 */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 20);
  const base = Math.min(FIRST_RETRY_MS * 2 ** doublings, LONGEST_RETRY_MS);
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(jittered, LONGEST_RETRY_MS));
}
