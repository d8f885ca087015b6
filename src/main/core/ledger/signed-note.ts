import { Buffer } from 'node:buffer';
import {
  fromBase64,
  hasControlCharacter,
  hasLoneSurrogate,
  toBase64,
  utf8DecodeStrict,
} from './bytes';
import { LedgerError } from './errors';
import type { NoteSigner, NoteVerifier } from './note-keys';
import { formatKeyId, isValidKeyName } from './note-keys';

/*
 * c2sp.org/signed-note: text ending in a newline, a blank line, then one or more lines
 * "— <key name> <base64(key ID ‖ signature)>". The text is everything up to and including the
 * newline before the last blank line.
 */

/** Caps that keep a hostile note cheap to reject. The spec requires accepting ≥ 16 signatures. */
export const MAX_NOTE_BYTES = 1 << 20;
export const MAX_NOTE_SIGNATURES = 100;

const SIGNATURE_PREFIX = '\u2014 '; // em dash, space

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the 4-byte key ID. */
  signature: Uint8Array;
}

export interface ParsedNote {
  text: string;
  signatures: NoteSignature[];
}

export interface OpenedNote {
  text: string;
  /** Signatures from known keys, all verified. */
  verified: NoteSignature[];
  /** Signatures from keys the caller did not supply: ignored, as the spec requires. */
  unverified: NoteSignature[];
}

/** Signs note text with each signer, giving the full signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteText(text);
  if (signers.length === 0) throw malformed('a note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) {
      throw malformed(`invalid key name ${JSON.stringify(signer.name)}`);
    }
    const keyId = Buffer.alloc(4);
    keyId.writeUInt32BE(signer.keyId);
    const signature = toBase64(Buffer.concat([keyId, signer.sign(message)]));
    return `${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
  });
  const note = `${text}\n${lines.join('')}`;
  if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) throw malformed('the note is too large');
  return note;
}

/**
 * Verifies a signed note against known keys. A signature whose (name, key ID) matches a known
 * key must verify or the whole note is refused (NOTE_BAD_SIGNATURE, the spec's SHOULD; unlike
 * Go, every repeat is checked too); other signatures are ignored; at least one known signature
 * is required (NOTE_UNVERIFIED).
 */
export function openNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): OpenedNote {
  const parsed = parseSignedNote(note);
  const known = indexVerifiers(verifiers);
  const message = Buffer.from(parsed.text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  // Repeats are listed once, as Go's note.Open does, so callers can count distinct signers.
  const seen = new Set<string>();
  for (const signature of parsed.signatures) {
    const id = verifierKey(signature.name, signature.keyId);
    const verifier = known.get(id);
    if (verifier === undefined) {
      const line = `${id} ${toBase64(signature.signature)}`;
      if (!seen.has(line)) unverified.push(signature);
      seen.add(line);
    } else if (verifier.verify(message, signature.signature)) {
      if (!seen.has(id)) verified.push(signature);
      seen.add(id);
    } else {
      throw new LedgerError(
        'NOTE_BAD_SIGNATURE',
        `The signature by ${signature.name} (key ${formatKeyId(signature.keyId)}) does not verify`,
      );
    }
  }
  if (verified.length === 0) {
    throw new LedgerError('NOTE_UNVERIFIED', 'The note has no signature from a known key');
  }
  return { text: parsed.text, verified, unverified };
}

/**
 * Splits a signed note into text and signatures without verifying anything. The text must not be
 * trusted until openNote has checked it; this is for tools that handle their own notes.
 */
export function parseSignedNote(note: string | Uint8Array): ParsedNote {
  const text = decodeNote(note);
  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const block = text.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    throw malformed('the signature block must end in a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed('too many signatures');
  return { text: text.slice(0, split + 1), signatures: lines.map(parseSignatureLine) };
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('a signature line must start with "— "');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  if (space < 0 || !isValidKeyName(name)) throw malformed('bad key name in a signature line');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(rest.slice(space + 1));
  } catch (error) {
    throw malformed('a signature is not standard base64', error);
  }
  if (bytes.byteLength < 5) throw malformed('a signature is too short');
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { name, keyId: view.readUInt32BE(0), signature: view.subarray(4) };
}

function decodeNote(note: string | Uint8Array): string {
  if (typeof note === 'string') {
    if (hasLoneSurrogate(note)) throw malformed('the note is not valid Unicode');
    if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) throw malformed('the note is too large');
    if (hasControlCharacter(note, true)) throw malformed('control characters are not allowed');
    return note;
  }
  if (note.byteLength > MAX_NOTE_BYTES) throw malformed('the note is too large');
  const text = utf8DecodeStrict(note);
  if (text === undefined) throw malformed('the note is not valid UTF-8');
  if (hasControlCharacter(text, true)) throw malformed('control characters are not allowed');
  return text;
}

function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw malformed('note text must end with a newline');
  if (hasLoneSurrogate(text)) throw malformed('note text is not valid Unicode');
  if (hasControlCharacter(text, true)) throw malformed('control characters are not allowed');
}

function indexVerifiers(verifiers: readonly NoteVerifier[]): Map<string, NoteVerifier> {
  const known = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    const key = verifierKey(verifier.name, verifier.keyId);
    const existing = known.get(key);
    if (existing !== undefined && existing.vkey !== verifier.vkey) {
      throw new LedgerError(
        'NOTE_AMBIGUOUS_KEY',
        `Two different keys share the name ${verifier.name} and key ID ${formatKeyId(verifier.keyId)}`,
      );
    }
    known.set(key, verifier);
  }
  return known;
}

// '+' cannot occur in a key name, so it separates name and ID unambiguously.
function verifierKey(name: string, keyId: number): string {
  return `${name}+${formatKeyId(keyId)}`;
}

function malformed(reason: string, cause?: unknown): LedgerError {
  return new LedgerError('NOTE_MALFORMED', `Malformed signed note: ${reason}`, { cause });
}
