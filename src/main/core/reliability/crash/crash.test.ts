import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCrashEntries, type CrashBundle } from './crash-bundle';
import { crashFiguresFile, describeFailure, FIGURES_ENV, writeCrashFigures } from './crash-figures';
import { buildCrashFixtures } from './crash-fixtures';
import { runCrashTrials } from './crash-harness';
import type { FixtureManifest } from './crash-protocol';

/**
 * Issue 7, item 1: SIGKILL at random moments never loses an acknowledged command nor breaks
 * the workspace. `CONCORDAT_CRASH_TRIALS` runs more trials (a longer hunt), and
 * `CONCORDAT_CRASH_SEED` replays a run (a failure names its seed; lanes and fresh-every must
 * match too: `CONCORDAT_CRASH_LANES`).
 */
function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

const trials = envInt('CONCORDAT_CRASH_TRIALS', 1000);
const lanes = envInt('CONCORDAT_CRASH_LANES', 3);
const freshEvery = envInt('CONCORDAT_CRASH_FRESH_EVERY', 10);
const seed = envInt('CONCORDAT_CRASH_SEED', Math.floor(Math.random() * 2 ** 31));

describe('crash consistency under SIGKILL', () => {
  let dir: string;
  let fixture: FixtureManifest;
  let bundle: CrashBundle | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-crash-'));
    mkdirSync(join(dir, 'fixtures'));
    fixture = buildCrashFixtures(join(dir, 'fixtures'));
    bundle = await bundleCrashEntries();
  }, 120_000);

  afterAll(() => {
    bundle?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `keeps every acknowledged command and a verifiable workspace through ${String(trials)} kills`,
    async () => {
      if (!bundle) throw new Error('the crash child was not bundled');
      const figures = await runCrashTrials({
        trials,
        lanes,
        freshEvery,
        seed,
        workDir: join(dir, 'lanes'),
        fixtureDir: join(dir, 'fixtures'),
        fixture,
        bundle,
        keepFailuresIn: resolve('test-results', 'reliability', 'crash-failures'),
      });
      if (process.env[FIGURES_ENV] === '1') {
        writeCrashFigures(crashFiguresFile(figures, { seed, lanes, freshEvery }));
      }
      expect(figures.trials).toBe(trials);
      expect(figures.kills).toBe(trials);
      // Each failure names its seed and what the child was doing when it died.
      expect(
        figures.failures.map(describeFailure),
        `replay with CONCORDAT_CRASH_SEED=${String(seed)} CONCORDAT_CRASH_LANES=${String(lanes)} CONCORDAT_CRASH_FRESH_EVERY=${String(freshEvery)}`,
      ).toEqual([]);
      // The kills reached inside the long commands, not only the gaps between commands.
      if (trials >= 500) {
        for (const kind of [
          'catalog-import',
          'request-grants',
          'snapshot-import',
          'key-rotation',
        ]) {
          expect(figures.killedDuring[kind] ?? 0, kind).toBeGreaterThan(0);
        }
      }
    },
    // Generous: a loaded two-core machine runs about three trials a second.
    Math.max(600_000, trials * 2_000),
  );
});
