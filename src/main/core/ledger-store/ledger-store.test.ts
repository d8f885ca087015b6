import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DatasetDraft } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/errors';
import { createDataset, updateDataset } from '../catalog/catalog-commands';
import { execute } from '../commands/execute';
import { toHex } from '../ledger/bytes';
import { parseCanonicalJson } from '../ledger/canonical-json';
import { leafHash } from '../ledger/merkle-hash';
import { inclusionProof, merkleRoot, rootAt } from '../ledger/merkle-tree';
import { verifyInclusion } from '../ledger/merkle-verify';
import { sampleDraft } from '../testing/charter-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import { Workspace } from '../workspace/workspace';
import { GENESIS_PREV } from './ledger-entry';
import { compareProjections, replayIntoScratch } from './replay';

const newWorkspace = useTempWorkspace();

const draft: DatasetDraft = sampleDraft({
  identifier: 'bus-positions',
  title: 'Bus positions',
  description: '',
  sensitivity: 'internal',
  status: 'active',
  steward: 'Lena',
  formats: ['GTFS-RT'],
  tags: ['transit'],
});

/** A workload touching every event type. */
function busyWorkspace(): Workspace {
  const ws = newWorkspace();
  for (let i = 0; i < 20; i += 1) {
    const d = createDataset(ws, { ...draft, identifier: `ds-${i}`, title: `Dataset ${i}` });
    if (i % 3 === 0)
      updateDataset(ws, {
        id: d.id,
        expectedVersion: 1,
        draft: { ...draft, identifier: `ds-${i}`, title: `Renamed ${i}`, status: 'deprecated' },
      });
  }
  return ws;
}

function entries(ws: Workspace) {
  return ws.sqlite
    .prepare('SELECT seq, bytes, leaf_hash AS leafHash FROM ledger_entry ORDER BY seq')
    .all() as {
    seq: number;
    bytes: Buffer;
    leafHash: Buffer;
  }[];
}

describe('the ledger under every change', () => {
  it('starts with the node identity and chains every entry to the previous leaf hash', () => {
    const ws = busyWorkspace();
    const rows = entries(ws);
    // Node, member and charter draft at creation; the charter published (3); then the changes.
    expect(rows).toHaveLength(3 + 3 + 20 + 7);
    let prev = GENESIS_PREV;
    rows.forEach((row, i) => {
      const entry = parseCanonicalJson(row.bytes) as {
        v: number;
        seq: number;
        prev: string;
        type: string;
        actor: { node: string };
      };
      expect(entry.v).toBe(1);
      expect(entry.seq).toBe(i);
      expect(entry.prev).toBe(prev);
      expect(entry.actor.node).toBe(ws.node.nodeId);
      expect(toHex(leafHash(row.bytes))).toBe(toHex(row.leafHash));
      prev = toHex(row.leafHash);
    });
    expect((parseCanonicalJson(rows[0]!.bytes) as { type: string }).type).toBe('node.initialised');
  });

  it('keeps persisted subtrees consistent with the entries: roots and proofs in O(log n)', () => {
    const ws = busyWorkspace();
    const leaves = entries(ws).map((r) => r.leafHash);
    expect(toHex(ws.ledger.root())).toBe(toHex(merkleRoot(leaves)));
    for (let size = 1; size <= leaves.length; size += 1) {
      expect(toHex(rootAt(size, ws.ledger.subtrees))).toBe(
        toHex(merkleRoot(leaves.slice(0, size))),
      );
    }
    const root = rootAt(leaves.length, ws.ledger.subtrees);
    leaves.forEach((leaf, index) => {
      const proof = inclusionProof(index, leaves.length, ws.ledger.subtrees);
      expect(verifyInclusion(leaf, index, leaves.length, proof, root)).toBe(true);
    });
  });

  it('writes no ledger entry for a refused command, and keeps appending correctly after it', () => {
    const ws = busyWorkspace();
    const before = ws.ledger.size;
    expect(() => createDataset(ws, { ...draft, identifier: 'ds-1' })).toThrow(AppError);
    expect(ws.ledger.size).toBe(before);
    createDataset(ws, { ...draft, identifier: 'after-refusal' });
    const leaves = entries(ws).map((r) => r.leafHash);
    expect(leaves).toHaveLength(before + 1);
    expect(toHex(ws.ledger.root())).toBe(toHex(merkleRoot(leaves)));
  });

  it('refuses an entry over the size limit, writing nothing', () => {
    const ws = busyWorkspace();
    const before = ws.ledger.size;
    const huge = { ...draft, identifier: 'huge', description: 'x'.repeat(1024 * 1024) };
    // The command layer's schema would stop this first; the ledger holds the line regardless.
    const write = () =>
      execute(ws, () => ({
        events: [
          {
            type: 'dataset.created',
            payload: { ...huge, id: 'h', ownerNode: 'n', version: 1, createdAt: '', updatedAt: '' },
          },
        ],
        result: null,
      }));
    expect(write).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }));
    expect(ws.ledger.size).toBe(before);
    expect(
      ws.sqlite.prepare("SELECT count(*) FROM dataset WHERE identifier = 'huge'").pluck().get(),
    ).toBe(0);
  });

  it('resumes the chain and tree after the workspace is reopened', () => {
    const ws = busyWorkspace();
    const path = ws.path;
    ws.close();
    const reopened = Workspace.open(path);
    createDataset(reopened, { ...draft, identifier: 'after-reopen' });
    const rows = entries(reopened);
    const last = parseCanonicalJson(rows.at(-1)!.bytes) as { prev: string };
    expect(last.prev).toBe(toHex(rows.at(-2)!.leafHash));
    expect(toHex(reopened.ledger.root())).toBe(toHex(merkleRoot(rows.map((r) => r.leafHash))));
    reopened.close();
  });

  it('refuses edits and deletions of ledger rows at the database level', () => {
    const ws = busyWorkspace();
    expect(() =>
      ws.sqlite.prepare('UPDATE ledger_entry SET type = ? WHERE seq = 1').run('x'),
    ).toThrow(/append-only/);
    expect(() => ws.sqlite.prepare('DELETE FROM ledger_entry WHERE seq = 1').run()).toThrow(
      /append-only/,
    );
    expect(() => ws.sqlite.prepare('DELETE FROM ledger_subtree').run()).toThrow(/append-only/);
  });

  it('replaying the ledger into an empty database reproduces the live projections exactly', () => {
    const ws = busyWorkspace();
    const replayed = replayIntoScratch(ws.sqlite);
    expect(compareProjections(ws.sqlite, replayed)).toEqual([]);
    replayed.close();
  });

  it("finds a projection row edited behind the ledger's back", () => {
    const ws = busyWorkspace();
    const raw = new Database(ws.path);
    raw.prepare("UPDATE dataset SET sensitivity = 'public' WHERE identifier = 'ds-4'").run();
    raw.prepare("DELETE FROM dataset WHERE identifier = 'ds-5'").run();
    raw.close();
    const replayed = replayIntoScratch(ws.sqlite);
    const differences = compareProjections(ws.sqlite, replayed);
    expect(differences.map((d) => [d.table, d.kind]).sort()).toEqual([
      ['dataset', 'changed'],
      ['dataset', 'missing'],
    ]);
    replayed.close();
  });
});
