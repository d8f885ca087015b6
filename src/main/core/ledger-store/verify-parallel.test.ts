import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createDemoFile, testKeyProtection, verifyFile } from '../testing/demo-workspace';
import { useTempDir } from '../testing/temp-dir';
import { Workspace } from '../workspace/workspace';
import fc from 'fast-check';
import { toHex } from '../ledger/bytes';
import { leafHash } from '../ledger/merkle-hash';
import { merkleRoot } from '../ledger/merkle-tree';
import { listCheckpoints } from './checkpoints';
import { quickCheckFile, type VerificationProgress, verifyLedgerFile } from './verify-parallel';
import { CompactRange, foldParts } from './verify-parallel-tasks';

const tempDir = useTempDir();
const keyProtection = testKeyProtection;
const demoPath = () => createDemoFile(tempDir());
const verifySync = verifyFile;

/** Opens the raw file as an attacker would, with the append-only triggers dropped. */
function tamper(path: string, ...statements: string[]): void {
  const raw = new Database(path);
  raw.function('leaf_hash_of', (bytes: unknown) => Buffer.from(leafHash(bytes as Buffer)));
  raw.exec(`DROP TRIGGER IF EXISTS ledger_entry_no_update; DROP TRIGGER IF EXISTS ledger_entry_no_delete;
    DROP TRIGGER IF EXISTS ledger_checkpoint_no_update; DROP TRIGGER IF EXISTS ledger_checkpoint_no_delete;`);
  raw.exec(statements.join(';'));
  raw.close();
}

const LAST = '(SELECT max(seq) FROM ledger_entry)';
const editTime = (seq: number | string) =>
  `UPDATE ledger_entry SET bytes = CAST(replace(CAST(bytes AS TEXT), '"time":"20', '"time":"19') AS BLOB) WHERE seq = ${seq}`;

/** Each tampering, the fault the reference verifier finds and what to do to the file. */
const tamperings: Record<string, [fault: string | null, ...statements: string[]]> = {
  'nothing (clean demo ledger)': [null],
  'an entry edited in place': [
    'leaf-hash-mismatch',
    `UPDATE ledger_entry SET bytes = CAST(replace(CAST(bytes AS TEXT), '"time":"20', '"time":"19') AS BLOB) WHERE seq = 30`,
  ],
  'a deleted entry': ['entry-deleted', 'DELETE FROM ledger_entry WHERE seq = 10'],
  'a deleted entry at the end of a slice': [
    'entry-deleted',
    'DELETE FROM ledger_entry WHERE seq = 31',
  ],
  'two swapped entries': [
    'entries-reordered',
    'UPDATE ledger_entry SET seq = 1000000 WHERE seq = 20',
    'UPDATE ledger_entry SET seq = 20 WHERE seq = 21',
    'UPDATE ledger_entry SET seq = 21 WHERE seq = 1000000',
  ],
  'a truncated ledger': ['truncated', 'DELETE FROM ledger_entry WHERE seq >= 100'],
  'a ledger cut back with its tree': [
    'rollback',
    'DROP TRIGGER ledger_subtree_no_delete',
    'DELETE FROM ledger_entry WHERE seq >= 100',
    'DELETE FROM ledger_subtree WHERE ((idx + 1) << level) > 100',
  ],
  'a checkpoint whose signature no longer verifies': [
    'checkpoint-signature',
    "UPDATE ledger_checkpoint SET note = replace(note, char(10) || '— ', char(10) || '— x') WHERE id = 1",
  ],
  "the node's checkpoints deleted": [
    'checkpoint-missing',
    "DELETE FROM ledger_checkpoint WHERE source = 'self'",
  ],
  'a forked checkpoint': [
    'fork',
    "INSERT INTO ledger_checkpoint (origin, size, root, note, source, recorded_at) SELECT origin, size, zeroblob(32), 'forged view', 'received', 'x' FROM ledger_checkpoint WHERE id = 1",
  ],
  "a projection row edited behind the ledger's back": [
    'projection-mismatch',
    "UPDATE dataset SET sensitivity = 'public' WHERE identifier = 'fare-transactions'",
  ],
  'bytes that are not canonical': [
    'entry-not-canonical',
    `UPDATE ledger_entry SET bytes = CAST(replace(CAST(bytes AS TEXT), '{"actor"', '{ "actor"') AS BLOB) WHERE seq = 16`,
  ],
  'an entry that is not a ledger entry': [
    'entry-malformed',
    `UPDATE ledger_entry SET bytes = CAST('{"hello":"world"}' AS BLOB) WHERE seq = 17`,
  ],
  'the first entry of a slice edited, its stored hash kept': ['leaf-hash-mismatch', editTime(32)],
  'the link between two slices broken (stored hash rewritten too)': [
    'chain-broken',
    editTime(47),
    'UPDATE ledger_entry SET leaf_hash = leaf_hash_of(bytes) WHERE seq = 47',
  ],
  'a history rewritten consistently after a checkpoint': [
    'root-mismatch',
    // The last entry edited, its hash rewritten: only the stored tree's root disagrees.
    editTime(LAST),
    `UPDATE ledger_entry SET leaf_hash = leaf_hash_of(bytes) WHERE seq = ${LAST}`,
  ],
};

describe('parallel verification of a workspace file', () => {
  for (const [name, [fault, ...statements]] of Object.entries(tamperings)) {
    it(`reports exactly what the sequential verifier reports for ${name}`, async () => {
      const path = demoPath();
      tamper(path, ...statements);
      for (const deep of [false, true]) {
        const expected = verifySync(path, deep);
        if (deep || fault !== 'projection-mismatch')
          expect(expected.fault?.kind ?? null).toBe(fault);
        for (const threads of [0, 2]) {
          const report = await verifyLedgerFile(path, { deep, threads, sliceSize: 16 });
          expect(report).toEqual(expected);
        }
      }
    });
  }

  it('verifies the committed ledger while the app holds a write transaction open', async () => {
    const path = demoPath();
    const ws = Workspace.open(path, { keyProtection });
    try {
      const committed = ws.ledger.size;
      ws.sqlite.exec('BEGIN IMMEDIATE');
      const event = {
        type: 'node.key_registered',
        payload: { keyName: 'k', vkey: 'v', createdAt: 'x' },
      } as const;
      ws.ledger.append(event, { node: ws.node.nodeId, operator: ws.node.operator }, 'x');
      const report = await verifyLedgerFile(path, { deep: true, threads: 2 });
      ws.sqlite.exec('ROLLBACK');
      ws.ledger.reload();
      expect(report).toMatchObject({ ok: true, size: committed });
    } finally {
      ws.close();
    }
  });

  it('reports progress for each phase and can be cancelled', async () => {
    const path = demoPath();
    const seen: VerificationProgress[] = [];
    const report = await verifyLedgerFile(path, {
      deep: true,
      threads: 2,
      sliceSize: 16,
      onProgress: (p) => seen.push(p),
    });
    expect(report.ok).toBe(true);
    expect(new Set(seen.map((p) => p.phase))).toEqual(
      new Set(['entries', 'checkpoints', 'projections']),
    );
    for (const phase of ['entries', 'checkpoints', 'projections'] as const) {
      const last = seen.filter((p) => p.phase === phase).at(-1);
      expect(last?.done).toBe(last?.total);
    }

    const controller = new AbortController();
    const run = verifyLedgerFile(path, { deep: true, threads: 2, signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(run).rejects.toBeInstanceOf(AppError);
    const raw = new Database(path, { readonly: true });
    expect(listCheckpoints(raw).length).toBeGreaterThan(0);
    raw.close();

    // Cancelled once the replay is under way: the workers stop and nothing is left open.
    const midway = new AbortController();
    const deep = verifyLedgerFile(path, {
      deep: true,
      threads: 2,
      sliceSize: 16,
      signal: midway.signal,
      onProgress: (p) => {
        if (p.phase === 'projections') midway.abort();
      },
    });
    await expect(deep).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await verifyLedgerFile(path, { threads: 2 })).ok).toBe(true);
  });
});

describe('joining slices verified apart', () => {
  it('gives the root of every prefix from slice subtrees and a partial slice (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 5 }), (n, k) => {
        const sliceSize = 2 ** k;
        const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
        const slices = new CompactRange();
        for (let start = 0; start < n; start += sliceSize) {
          const local = new CompactRange();
          for (let size = start + 1; size <= Math.min(n, start + sliceSize); size++) {
            local.push(leaves[size - 1] as Uint8Array);
            const joined = foldParts([...slices.parts, ...local.parts]);
            if (toHex(joined) !== toHex(merkleRoot(leaves.slice(0, size)))) return false;
          }
          if (local.parts.length === 1 && start + sliceSize <= n) {
            slices.push(local.parts[0] as Uint8Array);
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

describe('quickCheckFile', () => {
  /** Overwrites two pages past the schema with a fixed pattern, as a bad disk might. */
  function damagePages(path: string): void {
    const pageSize = (() => {
      const db = new Database(path, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true }) as number;
      } finally {
        db.close();
      }
    })();
    const fd = openSync(path, 'r+');
    try {
      const pages = Math.floor(fstatSync(fd).size / pageSize);
      writeSync(
        fd,
        Buffer.alloc(2 * pageSize, 0x5a),
        0,
        2 * pageSize,
        Math.floor(pages / 2) * pageSize,
      );
    } finally {
      closeSync(fd);
    }
  }

  it('answers ok for a sound file, on a worker thread and on the caller’s', async () => {
    const path = demoPath();
    const ws = Workspace.open(path, { readOnly: true });
    try {
      expect(await quickCheckFile(path, ws.sqlite)).toBe('ok');
      expect(await quickCheckFile(path, ws.sqlite, { threads: 0 })).toBe('ok');
    } finally {
      ws.close();
    }
  });

  it('reports overwritten pages, as its verdict or as SQLite’s error, the same on both threads', async () => {
    const path = demoPath();
    damagePages(path);
    // quick_check lists what it found, or SQLite stops it with SQLITE_CORRUPT (which
    // open-check.ts turns into WORKSPACE_CORRUPT either way).
    const outcome = (work: Promise<string>) =>
      work.then(
        (verdict) => verdict,
        (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`,
      );
    const sqlite = new Database(path, { readonly: true });
    try {
      const onWorker = await outcome(quickCheckFile(path, sqlite));
      expect(onWorker).not.toBe('ok');
      expect(await outcome(quickCheckFile(path, sqlite, { threads: 0 }))).toBe(onWorker);
    } finally {
      sqlite.close();
    }
  });
});
