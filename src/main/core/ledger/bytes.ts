import { Buffer } from 'node:buffer';
import { LedgerError } from './errors';

/*
 * Byte helpers. Every byte array this folder returns is a Buffer at runtime (typed as
 * Uint8Array), so values compare equal however they were produced.
 */

const HEX_RE = /^(?:[0-9a-f]{2})*$/;
// RFC 4648 §4 alphabet with mandatory padding; canonical form is checked by re-encoding.
/**
 * The alphabet and trailing padding only; the length and the canonical form are checked
 * separately. (A pattern of repeated 4-character groups overflowed the regex engine's stack on
 * inputs of a few megabytes.)
 */
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Lowercase hex, the form the ledger stores (`prev`, digests). */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict lowercase hex: Buffer.from(..., 'hex') silently stops at the first bad digit. */
export function fromHex(text: string): Uint8Array {
  if (!HEX_RE.test(text)) throw new LedgerError('HEX_INVALID', 'Expected lowercase hex digits');
  return Buffer.from(text, 'hex');
}

/** Standard base64 with padding (RFC 4648 §4), as used by every C2SP text format. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Strict standard base64: Buffer.from(..., 'base64') skips invalid characters and accepts the
 * URL alphabet, so a tampered line could decode to the same bytes. Only the canonical encoding
 * (padding present, unused bits zero) is accepted, so one value has exactly one spelling.
 */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !BASE64_RE.test(text)) {
    throw new LedgerError('BASE64_INVALID', 'Expected standard padded base64');
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) {
    throw new LedgerError('BASE64_INVALID', 'Base64 is not in canonical form');
  }
  return bytes;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

// fatal: reject invalid UTF-8 rather than substituting U+FFFD; ignoreBOM: keep a BOM as a
// character so strict parsers see (and reject) it instead of it vanishing silently.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Same bytes as Buffer.from(text, 'utf8'), lone surrogates included (both write U+FFFD). */
const utf8Encoder = new TextEncoder();
/**
 * Below this many UTF-16 units Buffer.from is the faster (it carves small buffers from a shared
 * pool; TextEncoder allocates each, about three times slower for a ledger entry of a few
 * hundred bytes); above it TextEncoder is, most for text outside ASCII.
 */
const ENCODER_MIN_LENGTH = 16 * 1024;

export function utf8Encode(text: string): Uint8Array {
  if (text.length < ENCODER_MIN_LENGTH) return Buffer.from(text, 'utf8');
  const bytes = utf8Encoder.encode(text);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes UTF-8, returning undefined for invalid input so callers choose their error code. */
export function utf8DecodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * True if the text has an ASCII control character (below U+0020), other than newline when
 * `allowNewline`: the rule of c2sp.org/signed-note and of every line in the C2SP formats.
 */
export function hasControlCharacter(text: string, allowNewline: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && !(allowNewline && code === 0x0a)) return true;
  }
  return false;
}

/** String.prototype.isWellFormed: ES2024, in every Node this runs on, not in TypeScript's ES2023. */
const isWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean })
  .isWellFormed;

/** True if the string has an unpaired surrogate, which has no UTF-8 encoding. */
export function hasLoneSurrogate(text: string): boolean {
  // ES2024's isWellFormed (Node 20): several times faster than matching /\p{Cs}/u, and free
  // for a string V8 holds as Latin-1, which cannot contain a surrogate.
  return !isWellFormed.call(text);
}
