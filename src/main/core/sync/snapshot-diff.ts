import { Buffer } from 'node:buffer';
import type { DiffItem, SnapshotDiff, SnapshotRecordKind } from '../../../shared/domain/sync';
import type { DomainEvent } from '../commands/events';
import type { ReplicaRow, ReplicaUpsert } from '../commands/sync-events';
import type { Workspace } from '../workspace/workspace';
import { replicaColumns, replicaTables, snapshotParts } from './replica-tables';

export interface IncomingRecord {
  kind: SnapshotRecordKind;
  id: string;
  row: ReplicaRow;
  digest: string;
  /** UTF-8 length of the row's JSON, the text `digest` is taken over. */
  bytes: number;
}

export interface ReplicaDiff {
  upserts: ReplicaUpsert[];
  /** `bytes` of each upsert's record, index for index. */
  rowBytes: number[];
  removes: { kind: SnapshotRecordKind; id: string }[];
  summary: SnapshotDiff;
}

/** How many records of each list the readable diff names; the counts are always exact. */
const LISTED = 50;

/**
 * A published or superseded charter version is never removed, here as at its owner: a partner
 * that stops sending one has not unpublished it, and what bound us stays on record.
 */
function removable(ws: Workspace, kind: SnapshotRecordKind, id: string): boolean {
  if (kind !== 'charter') return true;
  const row = ws.sqlite.prepare('SELECT status FROM charter_version WHERE id = ?').get(id) as
    { status: string } | undefined;
  return row === undefined || (row.status !== 'published' && row.status !== 'superseded');
}

function rowOf(ws: Workspace, kind: SnapshotRecordKind, id: string): ReplicaRow | undefined {
  return ws.sqlite.prepare(`SELECT * FROM ${replicaTables[kind]} WHERE id = ?`).get(id) as
    ReplicaRow | undefined;
}

/** Labels records for people: titles and names, not bare ids. */
function labeller(ws: Workspace, incoming: IncomingRecord[]) {
  // Indexed on first use, per kind: at most 150 records are labelled, most with their own row.
  const byKind = new Map<SnapshotRecordKind, Map<string, ReplicaRow>>();
  const lookup = (kind: SnapshotRecordKind, id: string): ReplicaRow | undefined => {
    let rows = byKind.get(kind);
    if (!rows) {
      rows = new Map();
      for (const record of incoming) if (record.kind === kind) rows.set(record.id, record.row);
      byKind.set(kind, rows);
    }
    return rows.get(id) ?? rowOf(ws, kind, id);
  };
  return (kind: SnapshotRecordKind, id: string, row = lookup(kind, id)): string => {
    if (!row) return `${kind} ${id}`;
    switch (kind) {
      case 'charter':
        return `Charter v${String(row.version)} “${String(row.title)}” (${String(row.status)})`;
      case 'dataset':
        return `${String(row.identifier)} — ${String(row.title)}`;
      case 'principal':
        return `${String(row.name)} (${String(row.organisation)})`;
      case 'grant': {
        const principal = lookup('principal', String(row.principal_id));
        const dataset = lookup('dataset', String(row.dataset_id));
        return `${principal ? String(principal.name) : 'a principal'} → ${
          dataset ? String(dataset.identifier) : 'a dataset'
        } (${String(row.level)}, ${String(row.status)})`;
      }
      case 'endorsement':
        return `Endorsement of charter v${String(row.charter_version)}`;
    }
  };
}

function changedFields(kind: SnapshotRecordKind, before: ReplicaRow, after: ReplicaRow): string[] {
  return replicaColumns(kind).filter((column) => before[column] !== after[column]);
}

/**
 * Charter versions are applied oldest status first, so that at every step the peer has at most
 * one published and one open version, as its own tables require.
 */
const charterOrder: Record<string, number> = {
  superseded: 0,
  published: 1,
  approved: 2,
  in_review: 3,
  draft: 4,
};

function applyOrder(a: ReplicaUpsert, b: ReplicaUpsert): number {
  if (a.kind !== 'charter' || b.kind !== 'charter') return 0;
  return (charterOrder[String(a.row.status)] ?? 9) - (charterOrder[String(b.row.status)] ?? 9);
}

/** The kinds in the order replica_record's key holds them, so removals come out in that order. */
const heldOrder = [...snapshotParts].sort();

/**
 * Compares what arrived with the replicas held from this peer, by record digest. The replicas
 * of an `unchanged` kind (its part is byte for byte the one imported last time, so `incoming`
 * has none of its records) are neither compared nor removed.
 */
export function diffReplicas(
  ws: Workspace,
  peer: string,
  incoming: IncomingRecord[],
  unchanged: ReadonlySet<SnapshotRecordKind> = new Set(),
): ReplicaDiff {
  const held = new Map<string, string>();
  const heldOfKind = ws.sqlite.prepare(
    'SELECT record_id, digest FROM replica_record WHERE peer_id = ? AND kind = ? ORDER BY record_id',
  );
  for (const kind of heldOrder) {
    if (unchanged.has(kind)) continue;
    for (const row of heldOfKind.iterate(peer, kind) as IterableIterator<{
      record_id: string;
      digest: string;
    }>) {
      held.set(`${kind}:${row.record_id}`, row.digest);
    }
  }
  const label = labeller(ws, incoming);
  const pending: { upsert: ReplicaUpsert; bytes: number }[] = [];
  const added: DiffItem[] = [];
  const changed: DiffItem[] = [];
  const counts = { added: 0, changed: 0, removed: 0 };
  for (const record of incoming) {
    const key = `${record.kind}:${record.id}`;
    const digest = held.get(key);
    held.delete(key);
    if (digest === record.digest) continue;
    pending.push({
      upsert: { kind: record.kind, id: record.id, digest: record.digest, row: record.row },
      bytes: record.bytes,
    });
    if (digest === undefined) {
      counts.added += 1;
      if (added.length < LISTED) {
        added.push({
          kind: record.kind,
          id: record.id,
          label: label(record.kind, record.id, record.row),
        });
      }
    } else {
      counts.changed += 1;
      if (changed.length < LISTED) {
        const before = rowOf(ws, record.kind, record.id);
        changed.push({
          kind: record.kind,
          id: record.id,
          label: label(record.kind, record.id, record.row),
          fields: before ? changedFields(record.kind, before, record.row) : [],
        });
      }
    }
  }
  const removes: ReplicaDiff['removes'] = [];
  const removed: DiffItem[] = [];
  for (const key of held.keys()) {
    const split = key.indexOf(':');
    const kind = key.slice(0, split) as SnapshotRecordKind;
    const id = key.slice(split + 1);
    if (!removable(ws, kind, id)) continue;
    counts.removed += 1;
    if (removed.length < LISTED) removed.push({ kind, id, label: label(kind, id) });
    removes.push({ kind, id });
  }
  pending.sort((a, b) => applyOrder(a.upsert, b.upsert));
  return {
    upserts: pending.map((item) => item.upsert),
    rowBytes: pending.map((item) => item.bytes),
    removes,
    summary: { added, changed, removed, counts },
  };
}

/** A ledger entry holds at most 1 MiB; replica rows go in entries of about this much JSON. */
const CHUNK_BYTES = 700 * 1024;

/** The diff as `replica.records` events, each small enough for one ledger entry. */
export function replicaEvents(peer: string, version: number, diff: ReplicaDiff): DomainEvent[] {
  const events: DomainEvent[] = [];
  let upserts: ReplicaUpsert[] = [];
  let removes: ReplicaDiff['removes'] = [];
  let size = 0;
  const flush = () => {
    if (upserts.length === 0 && removes.length === 0) return;
    events.push({ type: 'replica.records', payload: { peer, version, upserts, removes } });
    upserts = [];
    removes = [];
    size = 0;
  };
  for (const remove of diff.removes) {
    if (size > CHUNK_BYTES) flush();
    removes.push(remove);
    size += remove.id.length + 40;
  }
  diff.upserts.forEach((upsert, i) => {
    // Bytes, not characters: text in other scripts takes up to three bytes a character.
    const bytes = diff.rowBytes[i] ?? Buffer.byteLength(JSON.stringify(upsert.row), 'utf8');
    const cost = bytes + 120;
    if (size + cost > CHUNK_BYTES) flush();
    upserts.push(upsert);
    size += cost;
  });
  flush();
  return events;
}
