import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from './bytes';
import type { Checkpoint } from './checkpoint';
import { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint';
import { generateEd25519KeyPair } from './ed25519-keys';
import { createNoteSigner, parseVerifierKey } from './note-keys';
import { parseSignedNote } from './signed-note';
import { thrownCode } from '../testing/thrown-code';

// Everything below U+0020 (written without control characters in the regex itself).
const hasControl = (text: string): boolean => /[^ -\uffff]/.test(text);

// The example from c2sp.org/tlog-checkpoint.
const specExample =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n' +
  '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

const origin = 'concordat.example/node-1';
const signer = createNoteSigner(origin, generateEd25519KeyPair().privateKey);
const verifier = parseVerifierKey(signer.vkey);
const root = randomBytes(32);

describe('checkpoint text', () => {
  it('parses and re-formats the specification example', () => {
    const { text } = parseSignedNote(specExample);
    const checkpoint = parseCheckpoint(text);
    expect(checkpoint).toEqual({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      rootHash: fromBase64('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I='),
      extensions: [],
    });
    expect(formatCheckpoint(checkpoint)).toBe(text);
  });

  it('formats origin, decimal size and base64 root, one per line', () => {
    expect(formatCheckpoint({ origin: 'o', size: 0, rootHash: new Uint8Array(32) })).toBe(
      'o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n',
    );
    expect(
      formatCheckpoint({ origin: 'o', size: 7, rootHash: new Uint8Array(32), extensions: ['x y'] }),
    ).toBe('o\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nx y\n');
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, unit: 'grapheme' }).filter((s) => !hasControl(s)),
        fc.maxSafeNat(),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (o, size, rootHash) => {
          const checkpoint: Checkpoint = {
            origin: o,
            size,
            rootHash: Buffer.from(rootHash),
            extensions: [],
          };
          expect(parseCheckpoint(formatCheckpoint(checkpoint))).toEqual(checkpoint);
        },
      ),
    );
  });

  const good = 'o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
  it.each([
    ['missing final newline', good.slice(0, -1)],
    ['only two lines', 'o\n5\n'],
    ['empty origin', good.replace(/^o/, '')],
    ['leading zero', good.replace('5', '05')],
    ['negative size', good.replace('5', '-5')],
    ['plus sign', good.replace('5', '+5')],
    ['decimal point', good.replace('5', '5.0')],
    ['exponent', good.replace('5', '5e0')],
    ['space in size', good.replace('5', ' 5')],
    ['size beyond 2^53', good.replace('5', '9007199254740993')],
    ['short root', 'o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n'],
    ['long root', 'o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n'],
    ['unpadded root', 'o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n'],
    ['non-canonical root', 'o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n'],
    ['empty extension line', good + '\nx\n'],
    ['trailing blank line', good + '\n'],
    ['control character', good + 'a\tb\n'],
  ])('refuses %s', (_name, text) => {
    expect(thrownCode(() => parseCheckpoint(text))).toBe('CHECKPOINT_MALFORMED');
  });

  it('refuses to format what it could not parse', () => {
    for (const checkpoint of [
      { origin: '', size: 1, rootHash: root },
      { origin: 'a\nb', size: 1, rootHash: root },
      { origin: 'o', size: -1, rootHash: root },
      { origin: 'o', size: 1.5, rootHash: root },
      { origin: 'o', size: 2 ** 53, rootHash: root },
      { origin: 'o', size: 1, rootHash: root.subarray(1) },
      { origin: 'o', size: 1, rootHash: root, extensions: [''] },
    ]) {
      expect(thrownCode(() => formatCheckpoint(checkpoint))).toBe('CHECKPOINT_MALFORMED');
    }
  });
});

describe('signed checkpoints', () => {
  it('signs and verifies', () => {
    const note = signCheckpoint({ origin, size: 12, rootHash: root }, signer);
    const { checkpoint, note: opened } = verifyCheckpoint(note, verifier);
    expect(checkpoint).toEqual({ origin, size: 12, rootHash: root, extensions: [] });
    expect(opened.verified.map((s) => s.name)).toEqual([origin]);
    expect(verifyCheckpoint(Buffer.from(note, 'utf8'), [verifier]).checkpoint.size).toBe(12);
  });

  it('requires the origin to be the signing key name, or the expected origin', () => {
    const other = createNoteSigner('someone.else', generateEd25519KeyPair().privateKey);
    const otherVerifier = parseVerifierKey(other.vkey);
    const note = signCheckpoint({ origin, size: 1, rootHash: root }, other);
    expect(thrownCode(() => verifyCheckpoint(note, otherVerifier))).toBe('CHECKPOINT_WRONG_ORIGIN');
    expect(verifyCheckpoint(note, otherVerifier, { origin }).checkpoint.origin).toBe(origin);
    const own = signCheckpoint({ origin, size: 1, rootHash: root }, signer);
    expect(thrownCode(() => verifyCheckpoint(own, verifier, { origin: 'elsewhere' }))).toBe(
      'CHECKPOINT_WRONG_ORIGIN',
    );
  });

  it('checks the signature before the body', () => {
    const note = signCheckpoint({ origin, size: 3, rootHash: root }, signer);
    expect(thrownCode(() => verifyCheckpoint(note.replace('\n3\n', '\n4\n'), verifier))).toBe(
      'NOTE_BAD_SIGNATURE',
    );
    const stranger = parseVerifierKey(
      createNoteSigner(origin, generateEd25519KeyPair().privateKey).vkey,
    );
    expect(thrownCode(() => verifyCheckpoint(note, stranger))).toBe('NOTE_UNVERIFIED');
  });
});
