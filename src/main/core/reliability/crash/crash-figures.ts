import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CrashRunFigures, TrialRecord } from './crash-harness';

/** Set to 1 by `npm run test:reliability`: each suite then writes its figures. */
export const FIGURES_ENV = 'CONCORDAT_RELIABILITY_FIGURES';

export interface CrashRunSettings {
  seed: number;
  lanes: number;
  freshEvery: number;
}

/**
 * What every reliability suite writes to `test-results/reliability/<suite>.json`, for
 * scripts/reliability.ts to print: the common fields, then the suite's own detail.
 */
export interface CrashFiguresFile {
  suite: 'crash';
  trials: number;
  kills: number;
  /** Acknowledged commands, each looked for after every later kill on its workspace. */
  cases: number;
  failures: number;
  seconds: number;
  notes: string[];
  detail: Omit<CrashRunFigures, 'failures'> &
    CrashRunSettings & { failures: ReturnType<typeof describeFailure>[] };
}

/** A failing trial as a person reproduces it: the run's seed and settings, and the trial. */
export function describeFailure(record: TrialRecord) {
  return {
    trial: record.trial,
    seed: record.seed,
    lane: record.lane,
    age: record.age,
    strategy: record.strategy,
    focus: record.focus,
    during: record.during,
    killedAfterMs: record.killedAfterMs === null ? null : Math.round(record.killedAfterMs),
    problems: record.problems,
  };
}

function tally(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${String(n)}`)
    .join(', ');
}

export function crashFiguresFile(
  figures: CrashRunFigures,
  settings: CrashRunSettings,
): CrashFiguresFile {
  const { failures, ...rest } = figures;
  const interrupted = figures.interruptedBulkLanded + figures.interruptedBulkAbsent;
  return {
    suite: 'crash',
    trials: figures.trials,
    kills: figures.kills,
    cases: figures.acknowledged,
    failures: failures.length,
    seconds: Math.round(figures.seconds * 10) / 10,
    notes: [
      `each trial: a child process runs random commands on a real workspace and is killed with SIGKILL; then PRAGMA integrity_check, the key unlocks and signs, verification levels 1-3 (deep replay) pass, and every acknowledged command of that workspace is still there`,
      `seed ${String(settings.seed)}, ${String(settings.lanes)} children at once, a fresh workspace every ${String(settings.freshEvery)} trials (largest ledger ${String(figures.maxLedgerSize)} entries; per trial: child CPU ${figures.meanChildCpuMs === null ? '?' : String(Math.round(figures.meanChildCpuMs))} ms, checks ${String(Math.round(figures.meanCheckMs))} ms)`,
      `killed during: ${tally(figures.killedDuring)}`,
      `kill moments: ${tally(figures.strategies)}`,
      `interrupted bulk commands (catalog import, requestGrants, approveGrants): ${String(interrupted)}, each all or nothing (${String(figures.interruptedBulkLanded)} had committed before their acknowledgement was written)`,
      `never-registered keys left by rotations killed before their ledger entry (replaced by the next rotation): ${String(figures.leftovers['pending-key'] ?? 0)}`,
      ...failures
        .slice(0, 20)
        .map(
          (failure) =>
            `FAILED trial ${String(failure.trial)} (seed ${String(failure.seed)}, lane ${String(failure.lane)}, killed during ${failure.during}): ${failure.problems.join('; ')}`,
        ),
    ],
    detail: { ...rest, ...settings, failures: failures.map(describeFailure) },
  };
}

export function writeCrashFigures(file: CrashFiguresFile, root = process.cwd()): string {
  const dir = resolve(root, 'test-results', 'reliability');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'crash.json');
  const temporary = `${path}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}
