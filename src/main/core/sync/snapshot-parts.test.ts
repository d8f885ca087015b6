import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { SnapshotRecordKind } from '../../../shared/domain/sync';
import { revokeGrant } from '../access/grant-steps';
import { updateDataset } from '../catalog/catalog-commands';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { accessNow } from '../testing/access-setup';
import { sampleDraft } from '../testing/charter-setup';
import {
  databaseFingerprint,
  fingerprintTables,
  openSnapshot,
  partRecords,
  reseal,
  setPart,
  useWorkspaceCopies,
  workspaceSigner,
} from '../testing/snapshot-tamper';
import { sharingPair, useSyncWorkspaces } from '../testing/sync-setup';
import type { Workspace } from '../workspace/workspace';
import { replicaColumns, replicaTables, snapshotParts } from './replica-tables';
import { decodeBundle } from './snapshot-bundle';
import { buildSnapshot, sha256Hex } from './snapshot-build';
import { idClashSql, importSnapshot } from './snapshot-import';

/** Text JSON must escape, text it must not, and text outside the Basic Multilingual Plane. */
const awkward =
  '"quoted" back\\slash /slash\n\r\t\b\f \u0000\u0001\u001f \u007f \u2028\u2029 é — 😀 </script> \ufeff';

/** A row as better-sqlite3 returns it, the columns a snapshot carries, in column order. */
function rowOf(ws: Workspace, kind: SnapshotRecordKind, id: string): unknown {
  const columns = replicaColumns(kind)
    .map((column) => `"${column}"`)
    .join(', ');
  return ws.sqlite.prepare(`SELECT ${columns} FROM ${replicaTables[kind]} WHERE id = ?`).get(id);
}

function partsOf(bundle: Uint8Array): { name: string; digest: string }[] {
  return openSnapshot(bundle).manifest.parts.map(({ name, digest }) => ({ name, digest }));
}

describe('snapshot parts', () => {
  const workspace = useSyncWorkspaces();
  const copyOf = useWorkspaceCopies();

  /** A pair whose shared dataset and principal hold awkward text. */
  function awkwardPair() {
    const pair = sharingPair(workspace);
    pair.lead.sqlite
      .prepare('UPDATE dataset SET description = ?, steward = ? WHERE owner_node = ?')
      .run(awkward, `Ste${awkward.slice(0, 12)}`, pair.lead.node.nodeId);
    pair.lead.sqlite
      .prepare('UPDATE principal SET name = ? WHERE owner_node = ?')
      .run(`Acme ${awkward}`, pair.lead.node.nodeId);
    return pair;
  }

  it('are JSON.stringify of the rows they carry, whatever the text holds', () => {
    const { lead, partner } = awkwardPair();
    const { parts } = decodeBundle(buildSnapshot(lead, partner.node.nodeId).bundle);
    for (const kind of snapshotParts) {
      const bytes = Buffer.from(parts.get(kind) ?? []);
      const ids = (JSON.parse(bytes.toString('utf8')) as { id: string }[]).map((row) => row.id);
      const rows = ids.map((id) => rowOf(lead, kind, id));
      expect(bytes.toString('utf8'), kind).toBe(JSON.stringify(rows));
    }
    expect(decodeBundle(buildSnapshot(lead, partner.node.nodeId).bundle).parts).toEqual(parts);
  });

  it('are held under the digest of each row’s JSON, however the part spelled it', async () => {
    const { lead, partner } = awkwardPair();
    const built = buildSnapshot(lead, partner.node.nodeId);
    // The same records spelled otherwise: keys reversed, whitespace, escapes JSON.stringify
    // does not use. Re-signed by the lead, as a snapshot from another implementation would be.
    const respelled = openSnapshot(built.bundle);
    for (const kind of snapshotParts) {
      const records = partRecords(respelled, kind).map((row) =>
        Object.fromEntries(Object.entries(row).reverse()),
      );
      setPart(
        respelled,
        kind,
        JSON.stringify(records, null, 1).replace(/é/g, '\\u00e9').replace(/\//g, '\\/'),
      );
    }
    const other = await copyOf(partner, 'other');
    importSnapshot(partner, built.bundle);
    importSnapshot(other, reseal(respelled, workspaceSigner(lead)));
    for (const ws of [partner, other]) {
      const held = ws.sqlite
        .prepare('SELECT kind, record_id, digest FROM replica_record ORDER BY kind, record_id')
        .all() as { kind: SnapshotRecordKind; record_id: string; digest: string }[];
      expect(held.length).toBeGreaterThan(3);
      for (const record of held) {
        const row = rowOf(ws, record.kind, record.record_id);
        expect(record.digest).toBe(sha256Hex(JSON.stringify(row)));
      }
      expect(verifyWorkspace(ws, { deep: true }).fault).toBeNull();
    }
    const digests = (ws: Workspace) =>
      ws.sqlite.prepare('SELECT kind, record_id, digest FROM replica_record ORDER BY 1, 2').all();
    expect(digests(other)).toEqual(digests(partner));
    expect(
      partner.sqlite
        .prepare('SELECT description FROM dataset WHERE owner_node = ?')
        .pluck()
        .get(lead.node.nodeId),
    ).toBe(awkward);
  });

  it('already imported from the peer are not read again, and the import ends as a full one', async () => {
    const { lead, partner, grant } = awkwardPair();
    const first = buildSnapshot(lead, partner.node.nodeId);
    importSnapshot(partner, first.bundle);
    expect(
      JSON.parse(
        partner.sqlite.prepare('SELECT parts FROM snapshot_received').pluck().get() as string,
      ),
    ).toEqual(partsOf(first.bundle));
    // A copy that recorded no parts reads every part of the next snapshot, as before.
    const full = await copyOf(partner, 'full');
    full.sqlite.prepare("UPDATE snapshot_received SET parts = '[]'").run();

    // The dataset and the grant change; the charter and the principal do not.
    const { datasetId } = grant;
    updateDataset(lead, {
      id: datasetId,
      expectedVersion: 1,
      draft: sampleDraft({ title: 'Renamed' }),
    });
    revokeGrant(lead, { id: grant.id, reason: 'No longer needed' }, accessNow);
    const second = buildSnapshot(lead, partner.node.nodeId);
    const unchanged = partsOf(second.bundle).filter((part) =>
      partsOf(first.bundle).some((before) => before.digest === part.digest),
    );
    expect(unchanged.map((part) => part.name).sort()).toEqual([
      'charter',
      'endorsement',
      'principal',
    ]);

    const skipped = importSnapshot(partner, second.bundle);
    const read = importSnapshot(full, second.bundle);
    expect(skipped.diff).toEqual(read.diff);
    expect(skipped.diff?.counts).toEqual({ added: 0, changed: 2, removed: 0 });
    const before = databaseFingerprint(partner).tables;
    const after = databaseFingerprint(full).tables;
    for (const table of fingerprintTables) {
      if (table !== 'snapshot_received') expect(after[table], table).toEqual(before[table]);
    }
    expect(verifyWorkspace(partner, { deep: true }).fault).toBeNull();

    // Nothing changed: every part but the endorsements (checked with the key pinned now) is
    // left unread, and the import changes no replica.
    const third = buildSnapshot(lead, partner.node.nodeId);
    expect(importSnapshot(partner, third.bundle).diff?.counts).toEqual({
      added: 0,
      changed: 0,
      removed: 0,
    });
    expect(importSnapshot(full, third.bundle).diff?.counts).toEqual({
      added: 0,
      changed: 0,
      removed: 0,
    });
    expect(databaseFingerprint(full).tables.replica_record).toEqual(
      databaseFingerprint(partner).tables.replica_record,
    );
    expect(verifyWorkspace(partner, { deep: true }).fault).toBeNull();
  });

  it('unchanged since the last import are not compared with what is held again', () => {
    const { lead, partner } = awkwardPair();
    importSnapshot(partner, buildSnapshot(lead, partner.node.nodeId).bundle);
    // Behind the ledger's back: a held digest no longer matches its row. Reading the principal
    // part again would rewrite that replica; it is left unread, and deep verification is what
    // finds the edit.
    partner.sqlite
      .prepare("UPDATE replica_record SET digest = ? WHERE kind = 'principal'")
      .run('0'.repeat(64));
    const next = importSnapshot(partner, buildSnapshot(lead, partner.node.nodeId).bundle);
    expect(next.diff?.counts).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(verifyWorkspace(partner, { deep: true }).fault).not.toBeNull();
  });

  it('are checked for ids other nodes own with one index lookup per record', () => {
    const { partner } = sharingPair(workspace);
    for (const kind of snapshotParts) {
      const plan = (
        partner.sqlite.prepare(`EXPLAIN QUERY PLAN ${idClashSql(kind)}`).all('[]', 'x') as {
          detail: string;
        }[]
      ).map((step) => step.detail);
      expect(plan[0], kind).toMatch(/^SCAN j VIRTUAL TABLE/);
      expect(plan[1], kind).toMatch(
        new RegExp(`^SEARCH t USING INDEX sqlite_autoindex_${replicaTables[kind]}_1 \\(id=\\?\\)`),
      );
    }
  });
});
