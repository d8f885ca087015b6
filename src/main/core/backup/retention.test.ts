import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BackupReason } from '../../../shared/contract/backup-channels';
import { backupsToPrune, defaultRetention } from './retention';

interface Fake {
  id: string;
  createdAt: string;
  reason: BackupReason;
  verified: boolean;
  problem: string | null;
}

const now = new Date('2025-06-30T12:00:00.000Z');

function backup(hoursAgo: number, overrides: Partial<Fake> = {}): Fake {
  const createdAt = new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
  return {
    id: `${createdAt}-${overrides.reason ?? 'scheduled'}`,
    createdAt,
    reason: 'scheduled',
    verified: true,
    problem: null,
    ...overrides,
  };
}

describe('backup retention', () => {
  it('keeps the 10 newest, then the newest of each of the last 14 days', () => {
    // Hourly backups for 30 days.
    const all = Array.from({ length: 30 * 24 }, (_, hour) => backup(hour));
    const pruned = new Set(backupsToPrune(all, now).map((b) => b.id));
    const kept = all.filter((b) => !pruned.has(b.id));
    const recent = all.slice(0, 10);
    for (const b of recent) expect(kept).toContain(b);
    const days = new Set(kept.map((b) => b.createdAt.slice(0, 10)));
    // Today (12 hours so far) and the 14 days before it, at most one backup each beyond the recent ones.
    expect(days.size).toBe(15);
    expect(kept.length).toBeLessThanOrEqual(10 + 15);
    expect(kept.every((b) => now.getTime() - Date.parse(b.createdAt) <= 15 * 86_400_000)).toBe(
      true,
    );
  });

  it('keeps the newest pre-migration copies and any copy still waiting for its check', () => {
    const all = [
      ...Array.from({ length: 20 }, (_, hour) => backup(hour)),
      backup(24 * 40, { reason: 'pre-migration' }),
      backup(24 * 50, { reason: 'pre-migration' }),
      backup(24 * 60, { reason: 'pre-migration' }),
      backup(24 * 70, { reason: 'pre-migration' }),
      backup(24 * 80, { reason: 'pre-migration', verified: false }),
    ];
    const pruned = backupsToPrune(all, now).map((b) => b.createdAt);
    expect(pruned).not.toContain(all[20]?.createdAt);
    expect(pruned).not.toContain(all[22]?.createdAt);
    expect(pruned).toContain(all[23]?.createdAt);
    expect(pruned).not.toContain(all[24]?.createdAt);
  });

  it('drops backups that failed their check once they fall out of every window', () => {
    const failed = backup(24 * 30, { verified: false, problem: 'checksum' });
    const fresh = backup(1);
    expect(backupsToPrune([fresh, failed], now)).toEqual([failed]);
  });

  it('never prunes the newest verified backup, whatever the policy', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            hoursAgo: fc.integer({ min: 0, max: 24 * 400 }),
            verified: fc.boolean(),
            reason: fc.constantFrom<BackupReason>('scheduled', 'manual', 'pre-migration'),
          }),
          { maxLength: 60 },
        ),
        fc.record({
          recent: fc.integer({ min: 0, max: 5 }),
          dailyDays: fc.integer({ min: 0, max: 5 }),
          preMigration: fc.integer({ min: 0, max: 3 }),
        }),
        (specs, policy) => {
          const all = specs.map((spec, index) => ({
            ...backup(spec.hoursAgo + index / 1000, {
              verified: spec.verified,
              reason: spec.reason,
              problem: spec.verified ? null : 'failed',
            }),
            id: `b${index}`,
          }));
          const pruned = new Set(backupsToPrune(all, now, policy).map((b) => b.id));
          const newestVerified = [...all]
            .filter((b) => b.verified)
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
          return newestVerified === undefined || !pruned.has(newestVerified.id);
        },
      ),
    );
    expect(defaultRetention).toEqual({ recent: 10, dailyDays: 14, preMigration: 3 });
  });
});
