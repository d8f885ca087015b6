import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 } from './bytes';
import { canonicalBytes } from './canonical-json';
import { signCheckpoint } from './checkpoint';
import { generateEd25519KeyPair } from './ed25519-keys';
import { MemorySubtreeStore } from './memory-subtree-store';
import { leafHash } from './merkle-hash';
import { MerkleAccumulator, rootAt } from './merkle-tree';
import { createNoteSigner } from './note-keys';
import {
  createTlogProof,
  formatTlogProof,
  parseTlogProof,
  TLOG_PROOF_HEADER,
  verifyTlogProof,
} from './tlog-proof';
import { thrownCode } from '../testing/thrown-code';

const origin = 'concordat.example/node-1';
const signer = createNoteSigner(origin, generateEd25519KeyPair().privateKey);
const vkey = signer.vkey;

const SIZE = 37;
const entries = Array.from({ length: SIZE }, (_, seq) =>
  canonicalBytes({ v: 1, seq, type: 'test.entry', payload: { n: seq } }),
);
const store = new MemorySubtreeStore();
const accumulator = new MerkleAccumulator();
for (const entry of entries) store.putAll(accumulator.append(leafHash(entry)));
const checkpoint = signCheckpoint({ origin, size: SIZE, rootHash: rootAt(SIZE, store) }, signer);

describe('c2sp.org/tlog-proof@v1', () => {
  it('has the specified layout', () => {
    const proof = createTlogProof(5, checkpoint, store);
    const lines = proof.split('\n');
    expect(lines[0]).toBe(TLOG_PROOF_HEADER);
    expect(lines[1]).toBe('index 5');
    const blank = lines.indexOf('');
    expect(blank).toBe(2 + 6); // ceil(log2(37)) = 6 hashes
    expect(lines.slice(2, blank).every((l) => /^[A-Za-z0-9+/]{43}=$/.test(l))).toBe(true);
    expect(proof.endsWith('\n\n' + checkpoint)).toBe(true);
  });

  it('verifies every entry by bytes, by leaf hash and with a parsed key', () => {
    for (let index = 0; index < SIZE; index++) {
      const proof = createTlogProof(index, checkpoint, store);
      const entry = entries[index] as Uint8Array;
      const result = verifyTlogProof(proof, { entry }, vkey);
      expect(result.index).toBe(index);
      expect(result.checkpoint.size).toBe(SIZE);
      expect(verifyTlogProof(proof, { leafHash: leafHash(entry) }, vkey).leafHash).toEqual(
        leafHash(entry),
      );
    }
  });

  it('carries unauthenticated extra data', () => {
    const extra = Buffer.from('context hint');
    const proof = createTlogProof(3, checkpoint, store, extra);
    expect(proof.split('\n')[1]).toBe(`extra ${toBase64(extra)}`);
    expect(parseTlogProof(proof).extra).toEqual(extra);
    expect(verifyTlogProof(proof, { entry: entries[3] as Uint8Array }, vkey).extra).toEqual(extra);
  });

  it('round-trips through format and parse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SIZE - 1 }), (index) => {
        const parsed = parseTlogProof(createTlogProof(index, checkpoint, store));
        expect(formatTlogProof(parsed)).toBe(createTlogProof(index, checkpoint, store));
      }),
    );
  });

  it('works for a one-entry log (no proof hashes)', () => {
    const single = new MemorySubtreeStore();
    single.putAll(new MerkleAccumulator().append(leafHash(entries[0] as Uint8Array)));
    const note = signCheckpoint({ origin, size: 1, rootHash: rootAt(1, single) }, signer);
    const proof = createTlogProof(0, note, single);
    expect(proof.startsWith(`${TLOG_PROOF_HEADER}\nindex 0\n\n`)).toBe(true);
    expect(verifyTlogProof(proof, { entry: entries[0] as Uint8Array }, vkey).index).toBe(0);
  });
});

describe('tlog-proof failures', () => {
  const proof = createTlogProof(9, checkpoint, store);
  const entry = { entry: entries[9] as Uint8Array };
  const lines = proof.split('\n');

  it.each([
    ['another entry', proof, { entry: entries[10] as Uint8Array }, 'PROOF_INVALID'],
    ['another index', proof.replace('index 9', 'index 8'), entry, 'PROOF_INVALID'],
    ['index past the tree', proof.replace('index 9', `index ${SIZE}`), entry, 'PROOF_INVALID'],
    [
      'a dropped hash',
      [...lines.slice(0, 2), ...lines.slice(3)].join('\n'),
      entry,
      'PROOF_INVALID',
    ],
    [
      'swapped hashes',
      [lines[0], lines[1], lines[3], lines[2], ...lines.slice(4)].join('\n'),
      entry,
      'PROOF_INVALID',
    ],
    [
      'an edited checkpoint',
      proof.replace(`\n${SIZE}\n`, `\n${SIZE + 1}\n`),
      entry,
      'NOTE_BAD_SIGNATURE',
    ],
    ['a wrong header', proof.replace('@v1', '@v2'), entry, 'PROOF_MALFORMED'],
    ['a leading zero', proof.replace('index 9', 'index 09'), entry, 'PROOF_MALFORMED'],
    ['no index', proof.replace('index 9\n', ''), entry, 'PROOF_MALFORMED'],
    ['a short hash', proof.replace(lines[2] as string, 'AAAA'), entry, 'PROOF_MALFORMED'],
    ['no checkpoint', lines.slice(0, 8).join('\n'), entry, 'PROOF_MALFORMED'],
  ] as const)('refuses %s', (_name, text, leaf, code) => {
    expect(thrownCode(() => verifyTlogProof(text, leaf, vkey))).toBe(code);
  });

  it('refuses an unknown key', () => {
    const stranger = createNoteSigner(origin, generateEd25519KeyPair().privateKey).vkey;
    expect(thrownCode(() => verifyTlogProof(proof, entry, stranger))).toBe('NOTE_UNVERIFIED');
  });

  it('will not build a proof from a store that does not match the checkpoint', () => {
    const other = new MemorySubtreeStore();
    const acc = new MerkleAccumulator();
    for (const e of entries.slice(1)) other.putAll(acc.append(leafHash(e)));
    other.putAll(acc.append(leafHash(entries[0] as Uint8Array)));
    expect(thrownCode(() => createTlogProof(0, checkpoint, other))).toBe('PROOF_INVALID');
  });
});
