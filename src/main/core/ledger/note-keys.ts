import { Buffer } from 'node:buffer';
import type { KeyObject } from 'node:crypto';
import { createHash, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { fromBase64, hasControlCharacter, hasLoneSurrogate, toBase64 } from './bytes';
import {
  ED25519_PUBLIC_KEY_SIZE,
  ED25519_SIGNATURE_SIZE,
  ed25519PublicKeyBytes,
  ed25519PublicKeyFromBytes,
} from './ed25519-keys';
import { LedgerError } from './errors';

/** Signature type byte for Ed25519 (c2sp.org/signed-note, "Signature types"). */
export const ED25519_SIGNATURE_TYPE = 0x01;

/** Checks a note signature from one known key. */
export interface NoteVerifier {
  readonly name: string;
  /** uint32 key ID, the first four bytes of the signature (big-endian). */
  readonly keyId: number;
  readonly publicKey: Uint8Array;
  /** The verifier key string, `name+hex8(keyID)+base64(0x01 ‖ public key)`. */
  readonly vkey: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly vkey: string;
  sign(message: Uint8Array): Uint8Array;
}

const UNICODE_SPACE_RE = /\p{White_Space}/u;

/**
 * c2sp.org/signed-note: key names are non-empty with no Unicode spaces and no '+'. Control
 * characters and unpaired surrogates are refused too: such a name could not appear in a note.
 */
export function isValidKeyName(name: string): boolean {
  return (
    name !== '' &&
    !name.includes('+') &&
    !UNICODE_SPACE_RE.test(name) &&
    !hasControlCharacter(name, false) &&
    !hasLoneSurrogate(name)
  );
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4], big-endian. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256')
    .update(Buffer.from(name, 'utf8'))
    .update(Uint8Array.of(0x0a, ED25519_SIGNATURE_TYPE))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** The vkey string under which a node publishes its Ed25519 checkpoint key. */
export function formatVerifierKey(name: string, publicKey: Uint8Array | KeyObject): string {
  assertKeyName(name);
  const raw = publicKey instanceof Uint8Array ? publicKey : ed25519PublicKeyBytes(publicKey);
  if (raw.byteLength !== ED25519_PUBLIC_KEY_SIZE) {
    throw new LedgerError(
      'VKEY_INVALID',
      `Ed25519 public keys are ${ED25519_PUBLIC_KEY_SIZE} bytes`,
    );
  }
  const encoded = toBase64(Buffer.concat([Uint8Array.of(ED25519_SIGNATURE_TYPE), raw]));
  return `${name}+${formatKeyId(ed25519KeyId(name, raw))}+${encoded}`;
}

/**
 * Parses `name+hex8+base64(0x01 ‖ key)` the way Go's note.NewVerifier does (split at the first
 * two '+'; base64 may itself contain '+'), and checks the key ID against the key.
 */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) throw invalid('expected name+keyid+key');
  const name = vkey.slice(0, first);
  const hex = vkey.slice(first + 1, second);
  if (!isValidKeyName(name)) throw invalid('the key name is not valid');
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw invalid('the key ID must be 8 hex digits');
  let key: Uint8Array;
  try {
    key = fromBase64(vkey.slice(second + 1));
  } catch (error) {
    throw invalid('the key is not standard base64', error);
  }
  if (key[0] !== ED25519_SIGNATURE_TYPE) {
    throw invalid('only Ed25519 (type 0x01) keys are supported');
  }
  if (key.byteLength !== 1 + ED25519_PUBLIC_KEY_SIZE) throw invalid('an Ed25519 key is 32 bytes');
  const publicKey = key.subarray(1);
  const keyId = Number.parseInt(hex, 16);
  if (keyId !== ed25519KeyId(name, publicKey)) throw invalid('the key ID does not match the key');
  return createNoteVerifier(name, publicKey);
}

export function createNoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const keyObject = ed25519PublicKeyFromBytes(publicKey);
  return {
    name,
    keyId: ed25519KeyId(name, publicKey),
    publicKey: Buffer.from(publicKey),
    vkey: formatVerifierKey(name, publicKey),
    verify(message, signature) {
      if (signature.byteLength !== ED25519_SIGNATURE_SIZE) return false;
      try {
        return cryptoVerify(null, message, keyObject, signature);
      } catch {
        return false;
      }
    },
  };
}

/** A signer for an Ed25519 private key under a key name (for checkpoints: the log origin). */
export function createNoteSigner(name: string, privateKey: KeyObject): NoteSigner {
  assertKeyName(name);
  if (privateKey.type !== 'private') {
    throw new LedgerError('VKEY_INVALID', 'Expected a private key');
  }
  const publicKey = ed25519PublicKeyBytes(privateKey);
  return {
    name,
    keyId: ed25519KeyId(name, publicKey),
    vkey: formatVerifierKey(name, publicKey),
    sign: (message) => cryptoSign(null, message, privateKey),
  };
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new LedgerError('VKEY_INVALID', `Invalid key name ${JSON.stringify(name)}`);
  }
}

function invalid(reason: string, cause?: unknown): LedgerError {
  return new LedgerError('VKEY_INVALID', `Invalid verifier key: ${reason}`, { cause });
}
