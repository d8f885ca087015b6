import { assertNever } from '../../../shared/errors';
import type { DomainEvent } from '../commands/events';
import { CanonicalBytesEncoder, canonicalBytes } from '../ledger/canonical-json';

export const LEDGER_ENTRY_VERSION = 1;
/**
 * No entry is larger than this. The write path refuses a bigger one, so a reader can treat a
 * longer line in an export as tampering instead of buffering it.
 */
export const MAX_ENTRY_BYTES = 1024 * 1024;

/** `prev` of entry 0: there is no previous leaf. */
export const GENESIS_PREV = '0'.repeat(64);

export interface LedgerActor {
  /** The node whose operator made the change. */
  node: string;
  operator: string;
}

/** One ledger entry as hashed: RFC 8785 canonical JSON of exactly these fields. */
export interface LedgerEntry {
  v: typeof LEDGER_ENTRY_VERSION;
  seq: number;
  /** Lowercase hex leaf hash of entry seq-1 (64 zeros for entry 0). */
  prev: string;
  time: string;
  actor: LedgerActor;
  type: DomainEvent['type'];
  payload: DomainEvent['payload'];
}

export function encodeEntry(entry: LedgerEntry): Uint8Array {
  return canonicalBytes(entry);
}

const entryEncoder = new CanonicalBytesEncoder();

/**
 * encodeEntry's bytes in a buffer the next call overwrites, for the append path, which hashes
 * them and has SQLite copy them before it encodes another entry. An import appends dozens of
 * entries of nearly 1 MiB, and a fresh buffer for each (memory the process has not touched
 * before) cost more than the encoding.
 */
export function encodeEntryTransient(entry: LedgerEntry): Uint8Array {
  return entryEncoder.encode(entry);
}

/** The record an event is about, kept beside the entry so the ledger can be filtered by it. */
export function entityOf(event: DomainEvent): string | null {
  switch (event.type) {
    case 'node.initialised':
      return `node:${event.payload.nodeId}`;
    case 'node.key_registered':
      return `key:${event.payload.keyName}`;
    case 'dataset.created':
    case 'dataset.updated':
      return `dataset:${event.payload.id}`;
    case 'member.added':
    case 'member.updated':
      return `member:${event.payload.id}`;
    case 'charter.draft_created':
    case 'charter.draft_saved':
    case 'charter.submitted':
    case 'charter.returned':
    case 'charter.approved':
    case 'charter.published':
    case 'charter.draft_discarded':
      return `charter:${event.payload.id}`;
    case 'principal.added':
    case 'principal.updated':
      return `principal:${event.payload.id}`;
    case 'grant.requested':
    case 'grant.approved':
    case 'grant.revoked':
    case 'grant.suspended':
    case 'grant.reinstated':
    case 'grant.narrowed':
      return `grant:${event.payload.id}`;
    case 'incident.recorded':
    case 'incident.escalated':
    case 'incident.resolved':
      return `incident:${event.payload.id}`;
    case 'review.opened':
    case 'review.decided':
    case 'review.closed':
      return `review:${event.payload.id}`;
    case 'peer.added':
    case 'peer.updated':
    case 'peer.revoked':
    case 'peer.key_rotated':
      return `peer:${event.payload.nodeId}`;
    case 'node.key_rotated':
      return `key:${event.payload.keyName}`;
    case 'snapshot.issued':
    case 'replica.records':
    case 'snapshot.imported':
    case 'sync.alarm_raised':
      return `peer:${event.payload.peer}`;
    case 'charter.endorsed':
      return `endorsement:${event.payload.id}`;
    default:
      return assertNever(event, 'event');
  }
}
