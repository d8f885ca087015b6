import type Database from 'better-sqlite3';
import { can } from '../../../shared/domain/permissions';
import type { SnapshotImportResult } from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import { createLogger } from '../log/logger';
import type { Workspace } from '../workspace/workspace';
import { deliverDue, type DeliveryReport } from './outbox/deliver';
import { describeFailure, enqueue } from './outbox/outbox';
import { transportFor } from './outbox/transport-settings';
import { buildSnapshot, DEFAULT_VALIDITY_DAYS } from './snapshot-build';
import { importSnapshot } from './snapshot-import';
import { snapshotKey, type SnapshotTransport } from './transports/transport';

const log = createLogger('sync');

export interface PeerSyncResult {
  peer: string;
  organisation: string;
  /** The version queued for this peer in this run, if anything had changed. */
  published: number | null;
  imported: SnapshotImportResult[];
  /** Why receiving stopped early (a rejected snapshot, an unreachable server). */
  error: { code: string; message: string } | null;
}

export interface SyncReport {
  peers: PeerSyncResult[];
  delivery: DeliveryReport;
}

export interface SyncOptions {
  now?: Date;
  signal?: AbortSignal;
  makeTransport?: (sqlite: Database.Database, peerId: string) => SnapshotTransport | null;
  /** Most snapshots fetched from one peer in a run; the rest wait for the next. */
  maxImportsPerPeer?: number;
}

/** Ledger entries that only record exchanges, not changes to what a peer would be sent. */
const EXCHANGE_ONLY = [
  'snapshot.issued',
  'snapshot.imported',
  'replica.records',
  'sync.alarm_raised',
  'peer.added',
  'peer.updated',
  'peer.revoked',
  'peer.key_rotated',
];

/**
 * Whether the peer needs a new snapshot: never sent one, something this node records changed
 * since the last (endorsements and key rotations included), or the last is past half its
 * validity, so the peer never has to show our records as stale.
 */
export function needsSnapshot(ws: Workspace, peerId: string, now: Date): boolean {
  const last = ws.sqlite
    .prepare(
      "SELECT max(seq) AS seq FROM ledger_entry WHERE type = 'snapshot.issued' AND entity = ?",
    )
    .get(`peer:${peerId}`) as { seq: number | null };
  if (last.seq === null) return true;
  const changed = ws.sqlite
    .prepare(
      `SELECT 1 FROM ledger_entry WHERE seq > ? AND type NOT IN (${EXCHANGE_ONLY.map(() => '?').join(', ')}) LIMIT 1`,
    )
    .get(last.seq, ...EXCHANGE_ONLY);
  if (changed) return true;
  const sent = ws.sqlite
    .prepare('SELECT issued_at FROM snapshot_sent WHERE peer_id = ? ORDER BY version DESC LIMIT 1')
    .get(peerId) as { issued_at: string } | undefined;
  const halfLife = (DEFAULT_VALIDITY_DAYS / 2) * 86_400_000;
  return !sent || now.getTime() - Date.parse(sent.issued_at) > halfLife;
}

/**
 * One round with every trusted peer that has a transport: queue a fresh snapshot where one is
 * due, deliver what the outbox holds (with its retry schedule), then fetch and import the
 * peer's snapshots for this node, in order, until there is no next one. Building and importing
 * are local; only the transfers wait on the network, and nothing else waits on them.
 */
export async function runSync(ws: Workspace, options: SyncOptions = {}): Promise<SyncReport> {
  ws.assertWritable();
  const now = options.now ?? new Date();
  const makeTransport = options.makeTransport ?? transportFor;
  const peers = ws.sqlite
    .prepare(
      "SELECT p.node_id, p.organisation FROM peer p JOIN peer_transport t ON t.peer_id = p.node_id WHERE p.status = 'trusted' ORDER BY p.organisation",
    )
    .all() as { node_id: string; organisation: string }[];
  const results: PeerSyncResult[] = [];
  const mayPublish = can(ws.actor.roles, 'snapshot.publish') && ws.isUnlocked;
  for (const peer of peers) {
    const result: PeerSyncResult = {
      peer: peer.node_id,
      organisation: peer.organisation,
      published: null,
      imported: [],
      error: null,
    };
    results.push(result);
    if (mayPublish && needsSnapshot(ws, peer.node_id, now)) {
      try {
        const built = buildSnapshot(ws, peer.node_id, { now });
        enqueue(ws.sqlite, {
          peerId: peer.node_id,
          key: snapshotKey(peer.node_id, ws.node.nodeId, built.version),
          version: built.version,
          bundle: built.bundle,
          now: now.toISOString(),
        });
        result.published = built.version;
      } catch (error) {
        result.error = describeFailure(error);
      }
    }
  }
  const delivery = await deliverDue(ws.sqlite, now.toISOString(), makeTransport, {
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (can(ws.actor.roles, 'snapshot.import')) {
    for (const result of results) {
      await receiveFrom(ws, result, makeTransport, options);
    }
  }
  return { peers: results, delivery };
}

async function receiveFrom(
  ws: Workspace,
  result: PeerSyncResult,
  makeTransport: NonNullable<SyncOptions['makeTransport']>,
  options: SyncOptions,
): Promise<void> {
  const limit = options.maxImportsPerPeer ?? 20;
  try {
    const transport = makeTransport(ws.sqlite, result.peer);
    if (!transport) return;
    for (let i = 0; i < limit; i += 1) {
      options.signal?.throwIfAborted();
      const last = ws.sqlite
        .prepare('SELECT max(version) AS v FROM snapshot_received WHERE peer_id = ?')
        .get(result.peer) as { v: number | null };
      const key = snapshotKey(ws.node.nodeId, result.peer, (last.v ?? 0) + 1);
      const bytes = await transport.get(key, options.signal);
      if (bytes === null) return;
      result.imported.push(importSnapshot(ws, bytes, options.now ? { now: options.now } : {}));
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (!(error instanceof AppError)) log.error('receiving snapshots failed', { error });
    result.error = describeFailure(error);
  }
}
