import { bytesEqual, toHex } from '../ledger/bytes';
import { parseCanonicalJson } from '../ledger/canonical-json';
import { LedgerError } from '../ledger/errors';
import { leafHash } from '../ledger/merkle-hash';
import { MerkleAccumulator } from '../ledger/merkle-tree';
import { GENESIS_PREV, LEDGER_ENTRY_VERSION } from './ledger-entry';

export type LedgerFaultKind =
  /** The bytes are not one canonical JSON object (edited by hand, re-serialised, garbage). */
  | 'entry-not-canonical'
  /** Canonical JSON, but not a ledger entry of a version we know. */
  | 'entry-malformed'
  /** The entry's seq is not its position: entries were deleted, inserted or reordered. */
  | 'seq-mismatch'
  /** `prev` is not the leaf hash of the entry before: an earlier entry was changed. */
  | 'chain-broken'
  /** The stored leaf hash is not the hash of the stored bytes. */
  | 'leaf-hash-mismatch'
  /** Fewer entries than the size a checkpoint or the tree promises: truncation. */
  | 'truncated'
  /** The entries are consistent with each other but not with the expected root. */
  | 'root-mismatch';

export interface LedgerFault {
  /** The first entry found bad (for truncation: the first missing one). */
  seq: number;
  kind: LedgerFaultKind;
  message: string;
}

export interface ChainVerification {
  size: number;
  root: Uint8Array;
  fault: LedgerFault | null;
}

export interface EntryRecord {
  bytes: Uint8Array;
  /** The leaf hash stored beside the bytes, where the source keeps one. */
  leafHash?: Uint8Array;
}

const hex64 = /^[0-9a-f]{64}$/;

function entryShape(value: unknown): { seq: number; prev: string } | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const entry = value as Record<string, unknown>;
  if (entry.v !== LEDGER_ENTRY_VERSION) return `unknown entry version ${JSON.stringify(entry.v)}`;
  if (typeof entry.seq !== 'number' || !Number.isSafeInteger(entry.seq) || entry.seq < 0) {
    return 'seq is not a non-negative integer';
  }
  if (typeof entry.prev !== 'string' || !hex64.test(entry.prev)) return 'prev is not a hex hash';
  if (typeof entry.time !== 'string') return 'time is missing';
  if (typeof entry.actor !== 'object' || entry.actor === null) return 'actor is missing';
  if (typeof entry.type !== 'string' || entry.type === '') return 'type is missing';
  if (!('payload' in entry)) return 'payload is missing';
  return { seq: entry.seq, prev: entry.prev };
}

/**
 * Level-1 checks over entries in order (ARCHITECTURE.md §3): bytes first (canonical JSON),
 * then position, chain and leaf hash, then the tree root and size against what a checkpoint
 * promises. Streams: memory stays O(log n) whatever the ledger's length. Stops at the first
 * fault, naming its seq and kind.
 */
export function verifyEntryChain(
  entries: Iterable<EntryRecord>,
  expected: { size?: number; root?: Uint8Array } = {},
): ChainVerification {
  const tree = new MerkleAccumulator();
  let previous = GENESIS_PREV;
  const fail = (seq: number, kind: LedgerFaultKind, message: string): ChainVerification => ({
    size: tree.size,
    root: tree.root(),
    fault: { seq, kind, message },
  });

  for (const record of entries) {
    const seq = tree.size;
    let parsed: unknown;
    try {
      parsed = parseCanonicalJson(record.bytes);
    } catch (error) {
      const reason = error instanceof LedgerError ? error.message : String(error);
      return fail(seq, 'entry-not-canonical', `Entry ${seq} is not canonical JSON: ${reason}.`);
    }
    const shape = entryShape(parsed);
    if (typeof shape === 'string') {
      return fail(seq, 'entry-malformed', `Entry ${seq} is not a ledger entry: ${shape}.`);
    }
    if (shape.seq !== seq) {
      return fail(
        seq,
        'seq-mismatch',
        `Position ${seq} holds entry ${shape.seq}: entries were deleted, inserted or reordered.`,
      );
    }
    if (shape.prev !== previous) {
      return fail(
        seq,
        'chain-broken',
        `Entry ${seq} does not follow the hash of entry ${seq - 1}: an earlier entry was changed.`,
      );
    }
    const hash = leafHash(record.bytes);
    if (record.leafHash && !bytesEqual(record.leafHash, hash)) {
      return fail(seq, 'leaf-hash-mismatch', `Entry ${seq}'s bytes do not match its stored hash.`);
    }
    tree.push(hash);
    previous = toHex(hash);
  }

  if (expected.size !== undefined && tree.size < expected.size) {
    return fail(
      tree.size,
      'truncated',
      `The ledger has ${tree.size} entries but ${expected.size} were promised: it was truncated.`,
    );
  }
  const root = tree.root();
  if (expected.root && (expected.size === undefined || expected.size === tree.size)) {
    if (!bytesEqual(root, expected.root)) {
      return {
        size: tree.size,
        root,
        fault: {
          seq: Math.max(0, tree.size - 1),
          kind: 'root-mismatch',
          message: `The ${tree.size} entries hash to a different root than expected: the history was rewritten.`,
        },
      };
    }
  }
  return { size: tree.size, root, fault: null };
}
