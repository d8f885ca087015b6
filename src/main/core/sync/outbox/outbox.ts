import type Database from 'better-sqlite3';
import { AppError, type ErrorCode } from '../../../../shared/errors';
import { MAX_BUNDLE_BYTES, parseSnapshotKey, refuseOversizeBundle } from '../transports/transport';
import { retryDelayMs } from './backoff';
import { instant } from './instant';

/**
 * Bundles waiting to reach their peers. Plain SQL rather than kysely: these tables are local
 * bookkeeping outside the typed projection schema (see bookkeepingTables in db/schema.ts).
 */

export interface OutboxEntry {
  peerId: string;
  key: string;
  version: number;
  bundle: Uint8Array;
  now: string;
}

export interface DueItem {
  id: number;
  peerId: string;
  key: string;
  version: number;
  attempts: number;
}

export interface PeerOutboxState {
  peerId: string;
  pending: number;
  oldestPendingAt: string | null;
  nextAttemptAt: string | null;
  lastError: { code: string; message: string; at: string | null } | null;
  lastSentAt: string | null;
}

/** Queues a bundle; false when this peer's version is already queued or sent (a no-op). */
export function enqueue(sqlite: Database.Database, entry: OutboxEntry): boolean {
  const key = parseSnapshotKey(entry.key);
  if (key.recipient !== entry.peerId || key.version !== entry.version) {
    throw new AppError(
      'INVALID_INPUT',
      `Snapshot key ${entry.key} does not match peer ${entry.peerId}, version ${String(entry.version)}.`,
    );
  }
  if (entry.bundle.byteLength > MAX_BUNDLE_BYTES) {
    refuseOversizeBundle(entry.key, entry.bundle.byteLength);
  }
  const now = instant(entry.now);
  const result = sqlite
    .prepare(
      `INSERT INTO sync_outbox (peer_id, snapshot_key, version, bundle, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (peer_id, version) DO NOTHING`,
    )
    .run(entry.peerId, entry.key, entry.version, entry.bundle, now, now);
  return result.changes === 1;
}

/**
 * Pending items whose time has come, each peer's in version order, for peers still trusted. A version waits while an
 * earlier one for the same peer is still backing off: the peer imports them in order (each
 * names the previous one), so sending a later one first would only be refused there.
 */
export function dueItems(sqlite: Database.Database, now: string, limit = 500): DueItem[] {
  const at = instant(now);
  return sqlite
    .prepare(
      `SELECT id, peer_id AS peerId, snapshot_key AS key, version, attempts
       FROM sync_outbox AS item
       WHERE sent_at IS NULL AND next_attempt_at <= ?
         -- What was queued for a peer since revoked is never sent.
         AND NOT EXISTS (
           SELECT 1 FROM peer WHERE peer.node_id = item.peer_id AND peer.status = 'revoked')
         AND NOT EXISTS (
           SELECT 1 FROM sync_outbox AS earlier
           WHERE earlier.peer_id = item.peer_id AND earlier.version < item.version
             AND earlier.sent_at IS NULL AND earlier.next_attempt_at > ?)
       ORDER BY peer_id, version
       LIMIT ?`,
    )
    .all(at, at, limit) as DueItem[];
}

/** The bytes of one queued bundle, read one at a time so a long queue is never all in memory. */
export function bundleOf(sqlite: Database.Database, id: number): Uint8Array {
  const row = sqlite.prepare('SELECT bundle FROM sync_outbox WHERE id = ?').get(id) as
    { bundle: Uint8Array } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `Outbox item ${String(id)} does not exist.`);
  return row.bundle;
}

/** Marks an item delivered and drops its bytes: the peer has them now, and they can be large. */
export function markSent(sqlite: Database.Database, id: number, now: string): void {
  const at = instant(now);
  sqlite
    .prepare(
      `UPDATE sync_outbox SET sent_at = ?, last_attempt_at = ?, attempts = attempts + 1,
         bundle = X'' WHERE id = ? AND sent_at IS NULL`,
    )
    .run(at, at, id);
}

/** Records a failed attempt and when to try again (see retryDelayMs). */
export function markFailed(
  sqlite: Database.Database,
  id: number,
  error: unknown,
  now: string,
  random: () => number = Math.random,
): void {
  const at = instant(now);
  const row = sqlite
    .prepare('SELECT attempts FROM sync_outbox WHERE id = ? AND sent_at IS NULL')
    .get(id) as { attempts: number } | undefined;
  if (!row) return;
  const attempts = row.attempts + 1;
  const next = new Date(Date.parse(at) + retryDelayMs(attempts, random)).toISOString();
  const { code, message } = describeFailure(error);
  sqlite
    .prepare(
      `UPDATE sync_outbox SET attempts = ?, last_attempt_at = ?, next_attempt_at = ?,
         last_error_code = ?, last_error = ? WHERE id = ?`,
    )
    .run(attempts, at, next, code, message, id);
}

/** Per peer, what the sync screen shows: what is waiting, why, until when, and the last success. */
export function outboxState(sqlite: Database.Database): PeerOutboxState[] {
  const rows = sqlite
    .prepare(
      `SELECT peer_id AS peerId,
         COUNT(*) FILTER (WHERE sent_at IS NULL) AS pending,
         MIN(created_at) FILTER (WHERE sent_at IS NULL) AS oldestPendingAt,
         MIN(next_attempt_at) FILTER (WHERE sent_at IS NULL) AS nextAttemptAt,
         MAX(sent_at) AS lastSentAt,
         (SELECT json_array(last_error_code, last_error, last_attempt_at) FROM sync_outbox AS failed
          WHERE failed.peer_id = item.peer_id AND failed.sent_at IS NULL
            AND failed.last_error IS NOT NULL
          ORDER BY failed.last_attempt_at DESC, failed.id DESC LIMIT 1) AS lastError
       FROM sync_outbox AS item
       GROUP BY peer_id
       ORDER BY peer_id`,
    )
    .all() as (Omit<PeerOutboxState, 'lastError'> & { lastError: string | null })[];
  return rows.map((row) => {
    const [code, message, at] = row.lastError
      ? (JSON.parse(row.lastError) as [string, string, string | null])
      : [];
    return {
      ...row,
      lastError: code && message ? { code, message, at: at ?? null } : null,
    };
  });
}

const MAX_ERROR_CHARS = 1000;

/**
 * The code and message kept for the sync screen. Only an AppError's message is kept verbatim
 * (those are written to be shown and never carry credentials); anything else is summarised.
 */
export function describeFailure(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message.slice(0, MAX_ERROR_CHARS) };
  }
  return {
    code: 'INTERNAL',
    message: 'The transfer failed unexpectedly; the log has the details.',
  };
}
