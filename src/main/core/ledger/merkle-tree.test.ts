import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toHex } from './bytes';
import { readConformanceFiles } from './conformance-vectors';
import { MemorySubtreeStore } from './memory-subtree-store';
import { emptyRoot, leafHash, nodeHash } from './merkle-hash';
import type { SubtreeStore } from './merkle-tree';
import {
  consistencyProof,
  inclusionProof,
  MerkleAccumulator,
  merkleRoot,
  rootAt,
} from './merkle-tree';
import { verifyConsistency, verifyInclusion } from './merkle-verify';

/** MTH straight from RFC 6962 §2.1, recursive, as the independent reference. */
function naiveRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

function buildStore(leaves: readonly Uint8Array[]): MemorySubtreeStore {
  const store = new MemorySubtreeStore();
  const accumulator = new MerkleAccumulator();
  for (const leaf of leaves) store.putAll(accumulator.append(leaf));
  return store;
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

class CountingStore implements SubtreeStore {
  lookups = 0;
  constructor(private readonly inner: SubtreeStore) {}
  get(level: number, index: number): Uint8Array | undefined {
    this.lookups++;
    return this.inner.get(level, index);
  }
}

const MAX = 300;
const leaves = Array.from({ length: MAX }, (_, i) => leafHash(randomBytes(i % 7)));
const store = buildStore(leaves);

// The RFC 6962 reference leaves used by the transparency-dev vectors.
const rfcLeaves = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => leafHash(Buffer.from(hex, 'hex')));
const rfcStore = buildStore(rfcLeaves);

const sizeAndIndex = fc
  .integer({ min: 1, max: MAX })
  .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));
const twoSizes = fc
  .integer({ min: 1, max: MAX })
  .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));

describe('RFC 6962 hashing', () => {
  it('hashes leaves and nodes with domain separation', () => {
    expect(toHex(emptyRoot())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const big = randomBytes(100_000);
    expect(leafHash(big)).toEqual(
      createHash('sha256')
        .update(Buffer.concat([Buffer.of(0), big]))
        .digest(),
    );
    const [a, b] = [randomBytes(32), randomBytes(32)];
    expect(nodeHash(a, b)).toEqual(
      createHash('sha256')
        .update(Buffer.concat([Buffer.of(1), a, b]))
        .digest(),
    );
    expect(() => nodeHash(a, randomBytes(31))).toThrow(/32 bytes/);
  });

  it('matches the RFC 6962 reference roots', () => {
    expect(toHex(merkleRoot(rfcLeaves))).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
    expect(toHex(rootAt(3, rfcStore))).toBe(
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    );
  });
});

describe('proof generation against the conformance happy paths', () => {
  const happy = (v: { name: string }) => v.name.endsWith('happy-path.json');
  const inclusion = readConformanceFiles<{
    leafIdx: number;
    treeSize: number;
    proof: string[] | null;
  }>('rfc6962/inclusion').filter(happy);
  const consistency = readConformanceFiles<{
    size1: number;
    size2: number;
    proof: string[] | null;
  }>('rfc6962/consistency').filter(happy);

  it.each(inclusion.map((v) => [v.name, v.data] as const))('inclusion %s', (_name, v) => {
    expect(inclusionProof(v.leafIdx, v.treeSize, rfcStore)).toEqual(
      (v.proof ?? []).map(fromBase64),
    );
  });

  it.each(consistency.map((v) => [v.name, v.data] as const))('consistency %s', (_name, v) => {
    expect(consistencyProof(v.size1, v.size2, rfcStore)).toEqual((v.proof ?? []).map(fromBase64));
  });
});

describe('stored subtree tree', () => {
  it('rootAt from stored subtrees equals the recursive MTH for every size', () => {
    for (let size = 0; size <= MAX; size++) {
      expect(rootAt(size, store)).toEqual(naiveRoot(leaves.slice(0, size)));
    }
  });

  it('append reports exactly the newly completed perfect subtrees', () => {
    const accumulator = new MerkleAccumulator();
    for (let i = 0; i < 64; i++) {
      const completed = accumulator.append(leaves[i] as Uint8Array);
      // 1 leaf + one node per trailing one bit of the old size.
      let trailingOnes = 0;
      for (let n = i; n % 2 === 1; n = Math.floor(n / 2)) trailingOnes++;
      expect(completed.map((s) => s.level)).toEqual(
        Array.from({ length: trailingOnes + 1 }, (_, level) => level),
      );
      for (const { level, index, hash } of completed) {
        const first = index * 2 ** level;
        expect(hash).toEqual(naiveRoot(leaves.slice(first, first + 2 ** level)));
      }
    }
  });

  it('resumes an accumulator from the store', () => {
    fc.assert(
      fc.property(twoSizes, ([m, n]) => {
        const accumulator = MerkleAccumulator.fromStore(m, store);
        expect(accumulator.size).toBe(m);
        expect(accumulator.root()).toEqual(rootAt(m, store));
        for (let i = m; i < n; i++) accumulator.append(leaves[i] as Uint8Array);
        expect(accumulator.root()).toEqual(rootAt(n, store));
      }),
    );
  });

  it('costs O(log n) lookups for roots and proofs', () => {
    fc.assert(
      fc.property(sizeAndIndex, twoSizes, ([size, index], [m, n]) => {
        const bound = 2 * Math.ceil(Math.log2(Math.max(size, n))) + 2;
        const counting = new CountingStore(store);
        rootAt(size, counting);
        inclusionProof(index, size, counting);
        consistencyProof(m, n, counting);
        expect(counting.lookups).toBeLessThanOrEqual(3 * bound);
      }),
    );
  });

  it('refuses impossible requests', () => {
    expect(() => inclusionProof(5, 5, store)).toThrow(/not in a tree/);
    expect(() => inclusionProof(-1, 5, store)).toThrow(/not in a tree/);
    expect(() => consistencyProof(0, 5, store)).toThrow(/0 < old/);
    expect(() => consistencyProof(6, 5, store)).toThrow(/0 < old/);
    expect(() => rootAt(MAX + 1, store)).toThrow(/No stored subtree/);
    expect(() => rootAt(1.5, store)).toThrow(/safe integer/);
    expect(consistencyProof(7, 7, store)).toEqual([]);
  });
});

describe('proofs verify, and nothing else does', () => {
  it('inclusion proofs verify against rootAt(size)', () => {
    fc.assert(
      fc.property(sizeAndIndex, ([size, index]) => {
        const proof = inclusionProof(index, size, store);
        const root = rootAt(size, store);
        expect(verifyInclusion(leaves[index] as Uint8Array, index, size, proof, root)).toBe(true);
        // A proof is bound to its position: neither the neighbour nor another size fits.
        if (index + 1 < size) {
          expect(verifyInclusion(leaves[index] as Uint8Array, index + 1, size, proof, root)).toBe(
            false,
          );
        }
      }),
    );
  });

  it('consistency proofs verify for any m ≤ n', () => {
    fc.assert(
      fc.property(twoSizes, ([m, n]) => {
        const proof = consistencyProof(m, n, store);
        expect(verifyConsistency(m, n, proof, rootAt(m, store), rootAt(n, store))).toBe(true);
      }),
    );
  });

  it('any single bit flip in an inclusion proof, root or leaf fails', () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), fc.integer({ min: 0, max: 255 }), (si, pick, bit) => {
        const [size, index] = si;
        const proof = inclusionProof(index, size, store);
        const root = rootAt(size, store);
        const leaf = leaves[index] as Uint8Array;
        const target = pick % (proof.length + 2);
        if (target < proof.length) {
          const bad = proof.map((h, i) => (i === target ? flipBit(h, bit) : h));
          expect(verifyInclusion(leaf, index, size, bad, root)).toBe(false);
        } else if (target === proof.length) {
          expect(verifyInclusion(leaf, index, size, proof, flipBit(root, bit))).toBe(false);
        } else {
          expect(verifyInclusion(flipBit(leaf, bit), index, size, proof, root)).toBe(false);
        }
      }),
    );
  });

  it('any single bit flip in a consistency proof or either root fails', () => {
    fc.assert(
      fc.property(twoSizes, fc.nat(), fc.integer({ min: 0, max: 255 }), ([m, n], pick, bit) => {
        const proof = consistencyProof(m, n, store);
        const [root1, root2] = [rootAt(m, store), rootAt(n, store)];
        const target = pick % (proof.length + 2);
        if (target < proof.length) {
          const bad = proof.map((h, i) => (i === target ? flipBit(h, bit) : h));
          expect(verifyConsistency(m, n, bad, root1, root2)).toBe(false);
        } else if (target === proof.length) {
          expect(verifyConsistency(m, n, proof, flipBit(root1, bit), root2)).toBe(false);
        } else {
          expect(verifyConsistency(m, n, proof, root1, flipBit(root2, bit))).toBe(false);
        }
      }),
    );
  });

  it('a truncated or extended proof fails', () => {
    fc.assert(
      fc.property(sizeAndIndex, ([size, index]) => {
        const proof = inclusionProof(index, size, store);
        const root = rootAt(size, store);
        const leaf = leaves[index] as Uint8Array;
        expect(verifyInclusion(leaf, index, size, [...proof, root], root)).toBe(false);
        if (proof.length > 0) {
          expect(verifyInclusion(leaf, index, size, proof.slice(1), root)).toBe(false);
        }
      }),
    );
  });
});
