import { Buffer } from 'node:buffer';
import { LedgerError } from './errors';
import { HASH_SIZE } from './merkle-hash';
import type { StoredSubtree, SubtreeStore } from './merkle-tree';

// Sizes are safe integers, so no perfect subtree is taller than 2^53 leaves.
const MAX_LEVEL = 53;

/**
 * An in-memory SubtreeStore: one growing byte array per level, so a million leaves cost about
 * 64 MB of hashes and no per-hash objects. Subtrees arrive in order per level, as
 * MerkleAccumulator.append produces them; used to verify exported bundles and in tests.
 */
export class MemorySubtreeStore implements SubtreeStore {
  private readonly levels: { bytes: Uint8Array; count: number }[] = [];

  get(level: number, index: number): Uint8Array | undefined {
    const stored = this.levels[level];
    if (
      stored === undefined ||
      !Number.isSafeInteger(index) ||
      index < 0 ||
      index >= stored.count
    ) {
      return undefined;
    }
    // A Buffer view, not a copy: every hash this module hands out is a Buffer.
    return Buffer.from(stored.bytes.buffer, index * HASH_SIZE, HASH_SIZE);
  }

  /** Stores a hash; index must be the next one at its level (or overwrite an existing one). */
  put(level: number, index: number, hash: Uint8Array): void {
    if (hash.byteLength !== HASH_SIZE) {
      throw new LedgerError('MERKLE_BAD_ARGUMENT', `Tree hashes must be ${HASH_SIZE} bytes`);
    }
    if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
      throw new LedgerError('MERKLE_BAD_ARGUMENT', `Subtree level ${level} is out of range`);
    }
    let stored = this.levels[level];
    while (stored === undefined) {
      this.levels.push({ bytes: new Uint8Array(64 * HASH_SIZE), count: 0 });
      stored = this.levels[level];
    }
    if (!Number.isSafeInteger(index) || index < 0 || index > stored.count) {
      throw new LedgerError(
        'MERKLE_BAD_ARGUMENT',
        `Subtree (${level}, ${index}) is out of order: level ${level} holds ${stored.count}`,
      );
    }
    if ((index + 1) * HASH_SIZE > stored.bytes.byteLength) {
      const grown = new Uint8Array(2 * stored.bytes.byteLength);
      grown.set(stored.bytes);
      stored.bytes = grown;
    }
    stored.bytes.set(hash, index * HASH_SIZE);
    if (index === stored.count) stored.count++;
  }

  putAll(subtrees: Iterable<StoredSubtree>): void {
    for (const { level, index, hash } of subtrees) this.put(level, index, hash);
  }

  /** Number of leaf hashes stored (level 0). */
  get leafCount(): number {
    return this.levels[0]?.count ?? 0;
  }
}
