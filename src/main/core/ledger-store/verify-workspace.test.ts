import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDemoFile, verifyFile } from '../testing/demo-workspace';
import { listCheckpoints } from './checkpoints';
import { useTempDir } from '../testing/temp-dir';
import { toHex } from '../ledger/bytes';
import { leafHash } from '../ledger/merkle-hash';
import { MerkleAccumulator } from '../ledger/merkle-tree';
import { encodeEntry, GENESIS_PREV, type LedgerEntry } from './ledger-entry';

const tempDir = useTempDir();
const demoPath = () => createDemoFile(tempDir());
const verify = verifyFile;

/** Opens the raw file as an attacker would, with the append-only triggers dropped. */
function tamper(path: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(path);
  raw.exec(`DROP TRIGGER IF EXISTS ledger_entry_no_update; DROP TRIGGER IF EXISTS ledger_entry_no_delete;
    DROP TRIGGER IF EXISTS ledger_checkpoint_no_update; DROP TRIGGER IF EXISTS ledger_checkpoint_no_delete;`);
  raw.prepare(sql).run(...params);
  raw.close();
}

describe('workspace verification', () => {
  it('verifies a demo workspace at all three levels and says what it checked', () => {
    const report = verify(demoPath(), true);
    expect(report.ok).toBe(true);
    expect(report.size).toBeGreaterThan(200);
    expect(report.checks.map((c) => [c.level, c.ok])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(report.checkpoint?.size).toBe(report.size);
  });

  it('names an entry edited in place', () => {
    const path = demoPath();
    // Still canonical JSON, still in place: only its hash gives it away.
    tamper(
      path,
      `UPDATE ledger_entry SET bytes = CAST(replace(CAST(bytes AS TEXT), '"time":"20', '"time":"19') AS BLOB) WHERE seq = 30`,
    );
    expect(verify(path).fault).toMatchObject({ kind: 'leaf-hash-mismatch' });
  });

  it('catches deleted, swapped and truncated entries', () => {
    const deleted = demoPath();
    tamper(deleted, 'DELETE FROM ledger_entry WHERE seq = 10');
    expect(verify(deleted).fault).toMatchObject({ seq: 10, kind: 'entry-deleted' });

    const swapped = demoPath();
    tamper(swapped, 'UPDATE ledger_entry SET seq = 1000000 WHERE seq = 20');
    tamper(swapped, 'UPDATE ledger_entry SET seq = 20 WHERE seq = 21');
    tamper(swapped, 'UPDATE ledger_entry SET seq = 21 WHERE seq = 1000000');
    expect(verify(swapped).fault).toMatchObject({ seq: 20, kind: 'entries-reordered' });

    const truncated = demoPath();
    tamper(truncated, 'DELETE FROM ledger_entry WHERE seq >= 100');
    // Entries alone look whole; the stored tree still knows every leaf it was given.
    expect(verify(truncated).fault).toMatchObject({ seq: 100, kind: 'truncated' });

    // With the tree cut back too, only the signed checkpoints remember the lost entries.
    const rolledBack = demoPath();
    tamper(rolledBack, 'DROP TRIGGER ledger_subtree_no_delete');
    tamper(rolledBack, 'DELETE FROM ledger_entry WHERE seq >= 100');
    tamper(rolledBack, 'DELETE FROM ledger_subtree WHERE ((idx + 1) << level) > 100');
    expect(verify(rolledBack).fault).toMatchObject({ seq: 100, kind: 'rollback' });
  });

  it('catches a rewrite re-hashed end to end (triggers dropped) through the signed checkpoints', () => {
    const path = demoPath();
    const raw = new Database(path);
    raw.exec(`DROP TRIGGER ledger_entry_no_update; DROP TRIGGER ledger_entry_no_delete;
      DROP TRIGGER ledger_subtree_no_update; DROP TRIGGER ledger_subtree_no_delete;`);
    const rows = raw
      .prepare('SELECT seq, bytes, type, actor, entity, time FROM ledger_entry ORDER BY seq')
      .all() as {
      seq: number;
      bytes: Buffer;
      type: string;
      actor: string;
      entity: string | null;
      time: string;
    }[];
    // Entry 50 says something else; every later entry is re-chained, every hash recomputed.
    const tree = new MerkleAccumulator();
    let prev = GENESIS_PREV;
    raw.exec('DELETE FROM ledger_entry; DELETE FROM ledger_subtree;');
    const insertEntry = raw.prepare('INSERT INTO ledger_entry VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertSubtree = raw.prepare('INSERT INTO ledger_subtree VALUES (?, ?, ?)');
    for (const row of rows) {
      const entry = JSON.parse(row.bytes.toString('utf8')) as LedgerEntry;
      entry.prev = prev;
      if (row.seq === 50) entry.time = '2001-01-01T00:00:00.000Z';
      const bytes = encodeEntry(entry);
      const hash = leafHash(bytes);
      insertEntry.run(row.seq, bytes, hash, row.type, row.actor, row.entity, row.time);
      for (const subtree of tree.append(hash)) {
        insertSubtree.run(subtree.level, subtree.index, subtree.hash);
      }
      prev = toHex(hash);
    }
    raw.close();

    const report = verify(path);
    // Level 1 cannot tell: the rewritten ledger is internally consistent.
    expect(report.checks[0]).toMatchObject({ level: 1, ok: true });
    expect(report.fault).toMatchObject({ kind: 'checkpoint-mismatch' });
  });

  it('catches a checkpoint whose signature no longer verifies', () => {
    const path = demoPath();
    tamper(path, "UPDATE ledger_checkpoint SET note = replace(note, '\n— ', '\n— x') WHERE id = 1");
    expect(verify(path).fault).toMatchObject({ kind: 'checkpoint-signature' });
  });

  it('notices when the node’s own checkpoints were deleted', () => {
    const path = demoPath();
    tamper(path, "DELETE FROM ledger_checkpoint WHERE source = 'self'");
    expect(verify(path).fault).toMatchObject({ kind: 'checkpoint-missing' });
  });

  it('checks checkpoints with the key the ledger registered, not the node_key table', () => {
    const path = demoPath();
    // An attacker's key in the table changes nothing: the verified ledger entry decides.
    tamper(path, "UPDATE node_key SET vkey = 'concordat/x+00000000+AQ'");
    expect(verify(path).ok).toBe(true);
  });

  it('keeps a fork as evidence and raises it', () => {
    const path = demoPath();
    const raw = new Database(path);
    const [first] = listCheckpoints(raw);
    raw
      .prepare(
        "INSERT INTO ledger_checkpoint (origin, size, root, note, source, recorded_at) VALUES (?, ?, ?, ?, 'received', 'x')",
      )
      .run(first!.origin, first!.size, Buffer.alloc(32, 7), 'forged view');
    raw.close();
    expect(verify(path).fault).toMatchObject({ kind: 'fork' });
  });

  it("finds a projection row edited behind the ledger's back only when asked to go deep", () => {
    const path = demoPath();
    tamper(
      path,
      "UPDATE dataset SET sensitivity = 'public' WHERE identifier = 'fare-transactions'",
    );
    expect(verify(path).ok).toBe(true);
    expect(verify(path, true).fault).toMatchObject({ kind: 'projection-mismatch' });
  });
});
