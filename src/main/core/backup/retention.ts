import type { BackupReason } from '../../../shared/contract/backup-channels';

/** Which backups to keep; everything else is pruned after each new backup. */
export interface RetentionPolicy {
  /** The newest verified backups, whatever their age. */
  recent: number;
  /** The newest verified backup of each of the last `dailyDays` days (UTC). */
  dailyDays: number;
  /** The newest copies taken before schema upgrades, verified or still waiting to be. */
  preMigration: number;
}

export const defaultRetention: RetentionPolicy = { recent: 10, dailyDays: 14, preMigration: 3 };

export interface RetainedBackup {
  id: string;
  createdAt: string;
  reason: BackupReason;
  verified: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The backups the policy no longer keeps. The newest verified backup is always kept, and so is
 * anything that is neither verified nor failed yet (a pre-migration copy awaiting its check),
 * so pruning never leaves a workspace without the copy it may need.
 */
export function backupsToPrune<B extends RetainedBackup & { problem: string | null }>(
  backups: readonly B[],
  now: Date,
  policy: RetentionPolicy = defaultRetention,
): B[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const keep = new Set<string>();
  const verified = newestFirst.filter((backup) => backup.verified);
  for (const backup of verified.slice(0, Math.max(1, policy.recent))) keep.add(backup.id);

  const since = now.getTime() - policy.dailyDays * DAY_MS;
  const days = new Set<string>();
  for (const backup of verified) {
    const time = Date.parse(backup.createdAt);
    if (!(time >= since)) continue;
    const day = backup.createdAt.slice(0, 10);
    if (days.has(day)) continue;
    days.add(day);
    keep.add(backup.id);
  }

  const preMigration = newestFirst.filter((backup) => backup.reason === 'pre-migration');
  for (const backup of preMigration.slice(0, policy.preMigration)) keep.add(backup.id);
  for (const backup of newestFirst) {
    if (!backup.verified && backup.problem === null) keep.add(backup.id);
  }
  return newestFirst.filter((backup) => !keep.has(backup.id));
}
