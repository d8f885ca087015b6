import { Buffer } from 'node:buffer';
import { createHash, hash } from 'node:crypto';
import { LedgerError } from './errors';

/** SHA-256 output size: every RFC 6962 tree hash, proof element and root is this long. */
export const HASH_SIZE = 32;

// RFC 6962 §2.1 domain separation: leaves and interior nodes can never collide.
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

// Reused inputs: one-shot crypto.hash over a prefilled buffer is about twice as fast as
// createHash().update().update().digest() for these small inputs, and calls are synchronous,
// so a module-level scratch buffer is never shared between two hashes in flight.
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);
nodeInput[0] = NODE_PREFIX;
const MAX_LEAF_SCRATCH = 64 * 1024;
let leafInput = new Uint8Array(1024);

const EMPTY_TREE_ROOT = hash('sha256', new Uint8Array(0), 'buffer');

/** MTH({}) = SHA-256() (RFC 6962 §2.1): the root of the empty tree. Returns a fresh copy. */
export function emptyRoot(): Uint8Array {
  return Buffer.from(EMPTY_TREE_ROOT);
}

/** The leaf hash of a ledger entry: SHA-256(0x00 ‖ entry bytes) (RFC 6962 §2.1). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const length = entry.byteLength + 1;
  if (length > MAX_LEAF_SCRATCH) {
    return createHash('sha256').update(Uint8Array.of(LEAF_PREFIX)).update(entry).digest();
  }
  if (length > leafInput.byteLength) {
    leafInput = new Uint8Array(
      Math.min(MAX_LEAF_SCRATCH, Math.max(length, 2 * leafInput.byteLength)),
    );
  }
  leafInput[0] = LEAF_PREFIX;
  leafInput.set(entry, 1);
  return hash('sha256', new Uint8Array(leafInput.buffer, 0, length), 'buffer');
}

/** An interior node: SHA-256(0x01 ‖ left ‖ right) (RFC 6962 §2.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.byteLength !== HASH_SIZE || right.byteLength !== HASH_SIZE) {
    throw new LedgerError('MERKLE_BAD_ARGUMENT', `Tree hashes must be ${HASH_SIZE} bytes`);
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeInput, 'buffer');
}
