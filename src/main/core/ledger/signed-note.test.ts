import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './bytes';
import { conformanceDir } from './conformance-vectors';
import { ed25519PrivateKeyFromSeed, generateEd25519KeyPair } from './ed25519-keys';
import type { NoteSigner, NoteVerifier } from './note-keys';
import {
  createNoteSigner,
  createNoteVerifier,
  ed25519KeyId,
  formatVerifierKey,
  parseVerifierKey,
} from './note-keys';
import { MAX_NOTE_SIGNATURES, openNote, parseSignedNote, signNote } from './signed-note';
import { thrownCode } from '../testing/thrown-code';

function newSigner(name: string): { signer: NoteSigner; verifier: NoteVerifier } {
  const signer = createNoteSigner(name, generateEd25519KeyPair().privateKey);
  return { signer, verifier: parseVerifierKey(signer.vkey) };
}

const example = JSON.parse(
  readFileSync(join(conformanceDir(), 'signed-note', 'c2sp-example.json'), 'utf8'),
) as { vkey: string; note: string; wantValid: boolean };

// The example key from Go's golang.org/x/mod/sumdb/note documentation (BSD licence).
const peter = {
  seed: fromBase64('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz').subarray(1),
  vkey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  signature:
    '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
};

const keyName = fc.stringMatching(/^[a-z0-9][a-z0-9./_-]{0,30}$/);
const noteText = fc
  .array(
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((line) => line.replace(/[^ -\uffff]/g, '')), // drop control characters
    { minLength: 1, maxLength: 6 },
  )
  .map((lines) => lines.join('\n') + '\n');

describe('C2SP signed-note conformance', () => {
  it('verifies the specification example', () => {
    expect(example.wantValid).toBe(true);
    const verifier = parseVerifierKey(example.vkey);
    expect(verifier.name).toBe('example.com/foo');
    expect(verifier.keyId).toBe(0x530d903a);
    expect(verifier.vkey).toBe(example.vkey);
    const opened = openNote(example.note, [verifier]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verified).toHaveLength(1);
    expect(opened.unverified).toHaveLength(0);
    expect(openNote(Buffer.from(example.note, 'utf8'), [verifier]).text).toBe(opened.text);
  });

  it('reproduces the Go note package example signature byte for byte', () => {
    const signer = createNoteSigner('PeterNeumann', ed25519PrivateKeyFromSeed(peter.seed));
    expect(signer.vkey).toBe(peter.vkey);
    expect(signNote(peter.text, [signer])).toBe(`${peter.text}\n${peter.signature}`);
  });
});

describe('verifier keys', () => {
  it('formats and parses the key ID rule SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]', () => {
    const verifier = parseVerifierKey(peter.vkey);
    expect(ed25519KeyId(verifier.name, verifier.publicKey)).toBe(0xc74f20a3);
    expect(formatVerifierKey(verifier.name, verifier.publicKey)).toBe(peter.vkey);
    expect(parseVerifierKey(peter.vkey.replace('c74f20a3', 'C74F20A3')).vkey).toBe(peter.vkey);
  });

  it('refuses every substring and every single-character change (as Go tests)', () => {
    const vkey = peter.vkey;
    for (let i = 0; i <= vkey.length; i++) {
      for (let j = i + 1; j <= vkey.length; j++) {
        if (i === 0 && j === vkey.length) continue;
        expect(thrownCode(() => parseVerifierKey(vkey.slice(i, j)))).toBe('VKEY_INVALID');
      }
    }
    for (let i = 0; i < vkey.length; i++) {
      const changed =
        vkey.slice(0, i) + String.fromCharCode(vkey.charCodeAt(i) + 1) + vkey.slice(i + 1);
      if (changed.toLowerCase() === vkey.toLowerCase()) continue;
      expect(thrownCode(() => parseVerifierKey(changed))).toBe('VKEY_INVALID');
    }
  });

  it.each([
    // wrong key length and unknown algorithm, each with an adjusted key ID (from Go's tests)
    'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
    'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    'PeterNeumann',
  ])('refuses %s', (vkey) => {
    expect(thrownCode(() => parseVerifierKey(vkey))).toBe('VKEY_INVALID');
  });

  it('refuses invalid key names when signing', () => {
    const { privateKey } = generateEd25519KeyPair();
    for (const name of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2028b', 'a\nb', 'a\u0001b']) {
      expect(thrownCode(() => createNoteSigner(name, privateKey))).toBe('VKEY_INVALID');
    }
  });
});

describe('signing and opening', () => {
  const alice = newSigner('example.com/alice');
  const bob = newSigner('example.com/bob');

  it('round-trips any valid text', () => {
    fc.assert(
      fc.property(keyName, noteText, (name, text) => {
        const { signer, verifier } = newSigner(name);
        const note = signNote(text, [signer]);
        const opened = openNote(note, [verifier]);
        expect(opened.text).toBe(text);
        expect(opened.verified.map((s) => [s.name, s.keyId])).toEqual([[name, signer.keyId]]);
      }),
      { numRuns: 50 },
    );
  });

  it('fails on any single bit flip in the text or the signatures', () => {
    const note = Buffer.from(signNote('origin\n42\nsome text\n', [alice.signer]), 'utf8');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: note.length * 8 - 1 }), (bit) => {
        const flipped = Buffer.from(note);
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(thrownCode(() => openNote(flipped, [alice.verifier]))).toMatch(/^NOTE_/);
      }),
      { numRuns: 500 },
    );
  });

  it('ignores signatures from unknown keys but requires one known signature', () => {
    const note = signNote('hello\n', [alice.signer, bob.signer]);
    const opened = openNote(note, [alice.verifier]);
    expect(opened.verified.map((s) => s.name)).toEqual(['example.com/alice']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['example.com/bob']);
    expect(openNote(note, [alice.verifier, bob.verifier]).verified).toHaveLength(2);
    expect(thrownCode(() => openNote(signNote('hello\n', [bob.signer]), [alice.verifier]))).toBe(
      'NOTE_UNVERIFIED',
    );
  });

  it('treats a signature under a different key ID as unknown', () => {
    const impostor = newSigner('example.com/alice'); // same name, different key and key ID
    expect(impostor.signer.keyId).not.toBe(alice.signer.keyId);
    const note = signNote('hello\n', [impostor.signer]);
    expect(thrownCode(() => openNote(note, [alice.verifier]))).toBe('NOTE_UNVERIFIED');
  });

  it('rejects the note when a known key (name and ID) has a bad signature', () => {
    const note = signNote('hello\n', [alice.signer, bob.signer]);
    // A verifier claiming bob's name and key ID but holding another key.
    const wrongKey: NoteVerifier = {
      ...createNoteVerifier('example.com/bob', newSigner('x').verifier.publicKey),
      keyId: bob.signer.keyId,
    };
    expect(thrownCode(() => openNote(note, [alice.verifier, wrongKey]))).toBe('NOTE_BAD_SIGNATURE');
    expect(thrownCode(() => openNote(note, [bob.verifier, wrongKey]))).toBe('NOTE_AMBIGUOUS_KEY');
  });

  it('lists repeated signatures once', () => {
    const note = signNote('hello\n', [alice.signer, alice.signer, bob.signer, bob.signer]);
    const opened = openNote(note, [alice.verifier]);
    expect(opened.verified).toHaveLength(1);
    expect(opened.unverified).toHaveLength(1);
  });

  it('accepts text with blank lines, splitting at the last one', () => {
    const text = 'a\n\nb\n\n';
    expect(openNote(signNote(text, [alice.signer]), [alice.verifier]).text).toBe(text);
  });

  it('refuses to sign invalid text', () => {
    for (const text of ['no newline', 'tab\there\n', 'cr\r\n', 'lone \ud800\n']) {
      expect(thrownCode(() => signNote(text, [alice.signer]))).toBe('NOTE_MALFORMED');
    }
    expect(thrownCode(() => signNote('x\n', []))).toBe('NOTE_MALFORMED');
  });
});

describe('malformed notes', () => {
  const { signer, verifier } = newSigner('example.com/log');
  const text = 'example.com/log\n1\n';
  const note = signNote(text, [signer]);
  const sigLine = note.slice(text.length + 1);
  const sigB64 = sigLine.slice(sigLine.lastIndexOf(' ') + 1, -1);

  it.each([
    ['text only', text],
    ['no signature lines', text + '\n'],
    ['missing final newline', note.slice(0, -1)],
    ['control character', '\u0001' + note],
    ['carriage return', note.replace('\n1\n', '\r\n1\n')],
    ['hyphen instead of em dash', note.replace('\u2014', '-')],
    ['no space after the name', text + `\n\u2014 example.com/log${sigB64}\n`],
    ['name with a space', text + `\n\u2014 example.com/ log ${sigB64}\n`],
    ['empty name', text + `\n\u2014  ${sigB64}\n`],
    ['extra field', text + `\n\u2014 example.com/log ${sigB64} x\n`],
    ['bad base64', text + `\n\u2014 example.com/log ${sigB64.slice(1)}\n`],
    [
      'URL-safe base64',
      text + `\n\u2014 example.com/log ${Buffer.from(sigB64, 'base64').toString('base64url')}\n`,
    ],
    ['signature under 5 bytes', text + `\n\u2014 example.com/log ${toBase64(Buffer.alloc(4))}\n`],
    ['unexpected trailing line', note + 'Unexpected line.\n'],
  ])('%s', (_name, bad) => {
    expect(thrownCode(() => openNote(bad, [verifier]))).toBe('NOTE_MALFORMED');
  });

  it('splits at the last blank line, so an earlier one moves lines into the text', () => {
    expect(thrownCode(() => openNote(note + '\n' + sigLine, [verifier]))).toBe(
      'NOTE_BAD_SIGNATURE',
    );
  });

  it('refuses invalid UTF-8 and too many signatures', () => {
    const bytes = Buffer.concat([Buffer.of(0xff), Buffer.from(note, 'utf8')]);
    expect(thrownCode(() => openNote(bytes, [verifier]))).toBe('NOTE_MALFORMED');
    const many = text + '\n' + sigLine.repeat(MAX_NOTE_SIGNATURES + 1);
    expect(thrownCode(() => parseSignedNote(many))).toBe('NOTE_MALFORMED');
    const enough = text + '\n' + sigLine.repeat(16);
    expect(openNote(enough, [verifier]).verified).toHaveLength(1);
  });
});
