import type Database from 'better-sqlite3';
import { AppError } from '../../../../shared/errors';
import { createLogger } from '../../log/logger';
import type { SnapshotTransport } from '../transports/transport';
import { bundleOf, describeFailure, dueItems, markFailed, markSent } from './outbox';
import { transportFor } from './transport-settings';

const log = createLogger('sync-outbox');

export interface DeliveryError {
  peerId: string;
  version: number;
  code: string;
  message: string;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  errors: DeliveryError[];
}

export interface DeliveryOptions {
  signal?: AbortSignal;
  /** For the backoff's jitter; tests pin it. */
  random?: () => number;
}

type TransportFactory = (sqlite: Database.Database, peerId: string) => SnapshotTransport | null;

/**
 * Puts every due bundle through its peer's transport. After a peer's first failure its later
 * versions wait for the next round (they would fail the same way, and must not overtake it).
 * A put is idempotent (same key, same bytes), so two rounds racing cost a transfer, no harm.
 */
export async function deliverDue(
  sqlite: Database.Database,
  now: string,
  makeTransport: TransportFactory = transportFor,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, errors: [] };
  const transports = new Map<string, SnapshotTransport | null>();
  const blockedPeers = new Set<string>();
  for (const item of dueItems(sqlite, now)) {
    if (blockedPeers.has(item.peerId)) continue;
    options.signal?.throwIfAborted();
    try {
      if (!transports.has(item.peerId)) {
        transports.set(item.peerId, makeTransport(sqlite, item.peerId));
      }
      const transport = transports.get(item.peerId);
      if (!transport) {
        throw new AppError(
          'NOT_FOUND',
          `No transport is set for peer ${item.peerId}; choose a shared folder or a WebDAV server for it.`,
        );
      }
      await transport.put(item.key, bundleOf(sqlite, item.id), options.signal);
      markSent(sqlite, item.id, now);
      report.sent++;
    } catch (error) {
      // Cancelling is not the peer's fault: the item stays due, its backoff untouched.
      if (error instanceof AppError && error.code === 'CANCELLED') throw error;
      if (options.signal?.aborted) throw error;
      if (!(error instanceof AppError)) {
        log.error('snapshot delivery failed unexpectedly', { peerId: item.peerId, error });
      }
      markFailed(sqlite, item.id, error, now, options.random);
      blockedPeers.add(item.peerId);
      report.failed++;
      report.errors.push({ peerId: item.peerId, version: item.version, ...describeFailure(error) });
    }
  }
  return report;
}
