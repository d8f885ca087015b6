import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceStatus } from '../../../../shared/domain/workspace';
import { configureLogging } from '../../log/logger';
import { createHandlers } from '../../rpc/handlers';
import { dispatch } from '../../rpc/dispatch';
import { verifyFile } from '../../testing/demo-workspace';
import { WorkspaceSession } from '../../workspace/workspace-session';
import { buildCorpusBase, type CorpusBase, corruptionCorpus, makeCorpusCase } from './corpus';
import { SIDE_FILE_SUFFIXES } from './preflight';

configureLogging({ sink: () => undefined });

const FIGURES_ENV = 'CONCORDAT_RELIABILITY_FIGURES';
const info = { name: 'Concordat', version: 'test', mode: 'browser' } as const;

interface CaseOutcome {
  name: string;
  expected: string;
  detected: string | null;
  movedAside: number;
  restored: boolean;
}

function digests(path: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const suffix of ['', ...SIDE_FILE_SUFFIXES]) {
    if (!existsSync(path + suffix)) continue;
    files.set(
      suffix,
      createHash('sha256')
        .update(readFileSync(path + suffix))
        .digest('hex'),
    );
  }
  return files;
}

/** Opens `path` as the app does: the session, then the checks on open. */
async function openAsTheApp(
  path: string,
): Promise<{ session: WorkspaceSession; status: WorkspaceStatus }> {
  const session = new WorkspaceSession(path, { verifyThreads: 0 });
  await session.verifyOnOpen();
  return { session, status: session.status() };
}

describe('the corruption corpus: every damaged workspace is detected on open', () => {
  let dir: string;
  let base: CorpusBase;
  const started = performance.now();
  const outcomes: CaseOutcome[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-corpus-'));
    base = await buildCorpusBase(dir);
  });

  afterAll(() => {
    if (process.env[FIGURES_ENV] === '1') {
      const failures = outcomes.filter((o) => o.detected !== o.expected || !o.restored);
      const out = resolve('test-results', 'reliability');
      mkdirSync(out, { recursive: true });
      const figures = {
        suite: 'corruption',
        trials: outcomes.length,
        kills: 0,
        cases: outcomes.length,
        detected: outcomes.filter((o) => o.detected === o.expected).length,
        failures: failures.length,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        byCase: Object.fromEntries(
          outcomes.map((o) => [
            o.name,
            {
              expected: o.expected,
              detected: o.detected,
              movedAside: o.movedAside,
              restored: o.restored,
            },
          ]),
        ),
        notes: [
          'each case: a healthy workspace (signed checkpoints, one verified backup) copied and damaged, then opened as the app opens it (file checks, SQLite open, quick_check, ledger levels 1-2, agreement with the latest verified backup)',
          'detected = the session shows the recovery screen with the expected code; damaged files moved aside unchanged, never deleted; a second start shows recovery again (no crash loop); the latest verified backup restores and verifies',
          ...failures.map(
            (o) =>
              `${o.name}: expected ${o.expected}, got ${o.detected ?? 'no detection'}${o.restored ? '' : ', restore failed'}`,
          ),
        ],
      };
      writeFileSync(join(out, 'corruption.json'), `${JSON.stringify(figures, null, 2)}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(corruptionCorpus.map((entry) => [entry.name, entry] as const))(
    '%s',
    async (_name, entry) => {
      const outcome: CaseOutcome = {
        name: entry.name,
        expected: entry.code,
        detected: null,
        movedAside: 0,
        restored: false,
      };
      outcomes.push(outcome);
      const path = makeCorpusCase(base, entry);
      const before = digests(path);

      const first = await openAsTheApp(path);
      try {
        expect(first.status).toMatchObject({ state: 'recovery', problem: { code: entry.code } });
        if (first.status.state !== 'recovery') return;
        outcome.detected = first.status.problem.code;
        outcome.movedAside = first.status.movedAside.length;
        const moved = first.status.movedAside;
        if (entry.movedAside) {
          // Moved aside, byte for byte; nothing left at the workspace's path.
          for (const [suffix, digest] of before) {
            const target = moved.find((file) =>
              suffix === '' ? !/-(wal|shm)$/.test(file) : file.endsWith(suffix),
            );
            expect(target === undefined ? undefined : digests(target).get('')).toBe(digest);
          }
          for (const suffix of ['', ...SIDE_FILE_SUFFIXES])
            expect(existsSync(path + suffix)).toBe(false);
        } else {
          expect(moved).toEqual([]);
          expect(digests(path)).toEqual(before);
        }
      } finally {
        first.session.close();
      }

      // No crash loop: the next start shows the same recovery state, not a first start.
      const second = await openAsTheApp(path);
      try {
        expect(second.status).toMatchObject({ state: 'recovery', problem: { code: entry.code } });
        // The recovery screen offers the latest verified backup, and restores it.
        const handlers = createHandlers(second.session, info);
        const listed = await dispatch(handlers, 'backup.list', {});
        expect(listed).toMatchObject({
          ok: true,
          value: { backups: [{ id: base.backup.id, verified: true }] },
        });
        const restored = await dispatch(handlers, 'backup.restore', { id: base.backup.id });
        expect(restored).toMatchObject({ ok: true, value: { status: { state: 'open' } } });
        expect(second.session.status().state).toBe('open');
      } finally {
        second.session.close();
      }
      expect(verifyFile(path).ok).toBe(true);
      outcome.restored = true;
    },
  );

  it('detects 100% of the corpus', () => {
    expect(outcomes).toHaveLength(corruptionCorpus.length);
    expect(outcomes.filter((o) => o.detected !== o.expected)).toEqual([]);
  });
});
