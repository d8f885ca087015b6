import { LedgerError } from './errors';
import { emptyRoot, HASH_SIZE, nodeHash } from './merkle-hash';
import { hasBit, highestBit, isOdd, isTreeSize, splitPoint } from './tree-math';

/**
 * Read access to stored subtree hashes. (level, index) names the perfect subtree over leaves
 * [index·2^level, (index+1)·2^level); level 0 holds the leaf hashes. A perfect subtree never
 * changes once complete, so one store serves roots and proofs for every earlier tree size too,
 * and each costs O(log n) lookups (the same idea as Go's tlog stored hashes and tlog tiles).
 * It is only asked for complete subtrees; `get` returns undefined (or throws) if one is absent.
 */
export interface SubtreeStore {
  get(level: number, index: number): Uint8Array | undefined;
}

/** A newly completed perfect subtree, to persist next to the entry that completed it. */
export interface StoredSubtree {
  level: number;
  index: number;
  hash: Uint8Array;
}

/**
 * The compact range of a growing tree: one hash per set bit of the size (largest subtree first).
 * Appending a leaf completes 1 + (trailing ones of the old size) perfect subtrees, at most
 * log2(n) + 1, and the root is a fold of the range, so a verifier can stream a million entries
 * in constant memory.
 */
export class MerkleAccumulator {
  private readonly range: Uint8Array[] = [];
  private count = 0;

  /** Resumes from a store at `size` by loading the perfect subtrees that cover [0, size). */
  static fromStore(size: number, store: SubtreeStore): MerkleAccumulator {
    assertSize(size);
    const accumulator = new MerkleAccumulator();
    for (const [level, index] of coveringSubtrees(0, size)) {
      accumulator.range.push(checkedHash(store.get(level, index), level, index));
    }
    accumulator.count = size;
    return accumulator;
  }

  get size(): number {
    return this.count;
  }

  /** Adds one leaf hash and returns every perfect subtree it completed, leaf first. */
  append(leafHash: Uint8Array): StoredSubtree[] {
    const completed: StoredSubtree[] = [];
    this.add(leafHash, completed);
    return completed;
  }

  /** Adds one leaf hash without reporting subtrees: for verifiers that only need the root. */
  push(leafHash: Uint8Array): void {
    this.add(leafHash, undefined);
  }

  private add(leafHash: Uint8Array, completed: StoredSubtree[] | undefined): void {
    if (leafHash.byteLength !== HASH_SIZE) {
      throw new LedgerError('MERKLE_BAD_ARGUMENT', `Leaf hashes must be ${HASH_SIZE} bytes`);
    }
    let index = this.count;
    let level = 0;
    let hash = leafHash;
    completed?.push({ level, index, hash });
    // An odd index at this level means its left sibling is the smallest subtree in the range.
    while (isOdd(index)) {
      hash = nodeHash(this.range.pop() as Uint8Array, hash);
      level++;
      index = (index - 1) / 2;
      completed?.push({ level, index, hash });
    }
    this.range.push(hash);
    this.count++;
  }

  /** MTH of the leaves so far (RFC 6962 §2.1). */
  root(): Uint8Array {
    return foldRange(this.range);
  }
}

/** The root of the tree of the first `size` leaves, from O(log size) stored subtrees. */
export function rootAt(size: number, store: SubtreeStore): Uint8Array {
  assertSize(size);
  return size === 0 ? emptyRoot() : rangeHash(0, size, store);
}

/** MTH over a list of leaf hashes, in O(n) without recursion. */
export function merkleRoot(leafHashes: Iterable<Uint8Array>): Uint8Array {
  const accumulator = new MerkleAccumulator();
  for (const leaf of leafHashes) accumulator.push(leaf);
  return accumulator.root();
}

/**
 * PATH(m, D[n]) of RFC 6962 §2.1.1 (RFC 9162 §2.1.3.1): sibling hashes from the leaf up. Walks
 * down from the root; every sibling is a stored perfect subtree except at most one on the right
 * edge of the tree, so this costs O(log n) lookups.
 */
export function inclusionProof(index: number, size: number, store: SubtreeStore): Uint8Array[] {
  assertSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new LedgerError('MERKLE_BAD_ARGUMENT', `Leaf index ${index} is not in a tree of ${size}`);
  }
  const path: Uint8Array[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      path.push(rangeHash(mid, hi, store));
      hi = mid;
    } else {
      path.push(rangeHash(lo, mid, store));
      lo = mid;
    }
  }
  return path.reverse();
}

/**
 * PROOF(m, D[n]) of RFC 6962 §2.1.2 (RFC 9162 §2.1.4.1) for 0 < m ≤ n; empty when m = n. A
 * proof from the empty tree is meaningless (verifiers refuse it), so m = 0 is an error.
 */
export function consistencyProof(
  oldSize: number,
  newSize: number,
  store: SubtreeStore,
): Uint8Array[] {
  assertSize(newSize);
  if (!Number.isSafeInteger(oldSize) || oldSize < 1 || oldSize > newSize) {
    throw new LedgerError(
      'MERKLE_BAD_ARGUMENT',
      `No consistency proof from size ${oldSize} to size ${newSize}: need 0 < old ≤ new`,
    );
  }
  const path: Uint8Array[] = [];
  let lo = 0;
  let hi = newSize;
  // SUBPROOF's flag b: true while the old tree is a left-edge subtree whose root the verifier has.
  let oldRootKnown = true;
  while (oldSize !== hi) {
    const mid = lo + splitPoint(hi - lo);
    if (oldSize <= mid) {
      path.push(rangeHash(mid, hi, store));
      hi = mid;
    } else {
      path.push(rangeHash(lo, mid, store));
      lo = mid;
      oldRootKnown = false;
    }
  }
  if (!oldRootKnown) path.push(rangeHash(lo, hi, store));
  return path.reverse();
}

/**
 * MTH of leaves [start, end) for a node of the RFC 6962 recursion: start is aligned to the
 * largest power of two ≤ end − start, so the range splits into perfect subtrees of decreasing
 * size, one per set bit, and MTH folds them from the right.
 */
function rangeHash(start: number, end: number, store: SubtreeStore): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [level, index] of coveringSubtrees(start, end)) {
    parts.push(checkedHash(store.get(level, index), level, index));
  }
  return foldRange(parts);
}

/** The perfect subtrees covering [start, end), largest first, for an aligned range. */
function* coveringSubtrees(start: number, end: number): Generator<[number, number]> {
  const width = end - start;
  if (width <= 0) return;
  let offset = start;
  for (let level = highestBit(width); level >= 0; level--) {
    if (!hasBit(width, level)) continue;
    const size = 2 ** level;
    if (offset % size !== 0) {
      throw new LedgerError('MERKLE_BAD_ARGUMENT', `Range [${start}, ${end}) is not a tree node`);
    }
    yield [level, offset / size];
    offset += size;
  }
}

function foldRange(range: readonly Uint8Array[]): Uint8Array {
  let i = range.length - 1;
  let hash = range[i];
  if (hash === undefined) return emptyRoot();
  while (--i >= 0) hash = nodeHash(range[i] as Uint8Array, hash);
  return hash;
}

function checkedHash(hash: Uint8Array | undefined, level: number, index: number): Uint8Array {
  if (hash === undefined) {
    throw new LedgerError('MERKLE_MISSING_SUBTREE', `No stored subtree (${level}, ${index})`);
  }
  if (hash.byteLength !== HASH_SIZE) {
    throw new LedgerError(
      'MERKLE_MISSING_SUBTREE',
      `Stored subtree (${level}, ${index}) is ${hash.byteLength} bytes, not ${HASH_SIZE}`,
    );
  }
  return hash;
}

function assertSize(size: number): void {
  if (!isTreeSize(size)) {
    throw new LedgerError('MERKLE_BAD_ARGUMENT', `Tree size ${size} is not a safe integer ≥ 0`);
  }
}
