import { bytesEqual } from './bytes';
import { emptyRoot, HASH_SIZE, nodeHash } from './merkle-hash';
import { half, isOdd, isPowerOfTwo, isTreeSize } from './tree-math';

/*
 * Proof verification exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe it, with fn/sn as
 * numbers (exact below 2^53). The functions return false instead of throwing: any malformed
 * input is simply a proof that does not verify.
 */

/** RFC 9162 §2.1.3.2: does `proof` show leaf `index` with this hash is in the tree `root`? */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isTreeSize(size) || !Number.isSafeInteger(index) || index < 0 || index >= size) {
    return false;
  }
  if (!allHashes(proof) || leafHash.byteLength !== HASH_SIZE || root.byteLength !== HASH_SIZE) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree (size2, root2) an append-only extension of (size1, root1)?
 * The RFC algorithm covers 0 < size1 < size2; the edges follow transparency-dev/merkle and the
 * shared conformance vectors: equal sizes need an empty proof and equal roots (and for size 0
 * the roots must be MTH({})); a proof from the empty tree is refused as meaningless.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 > size2) return false;
  if (size1 === size2) {
    return (
      proof.length === 0 &&
      bytesEqual(root1, root2) &&
      (size1 !== 0 || bytesEqual(root1, emptyRoot()))
    );
  }
  if (size1 === 0 || proof.length === 0) return false;
  if (!allHashes(proof) || root1.byteLength !== HASH_SIZE || root2.byteLength !== HASH_SIZE) {
    return false;
  }
  // Step 2: when size1 is a power of two the old root is the first node of the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

function allHashes(proof: readonly Uint8Array[]): boolean {
  return proof.every((hash) => hash.byteLength === HASH_SIZE);
}
