import { Buffer } from 'node:buffer';
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { LedgerError } from './errors';

export const ED25519_PUBLIC_KEY_SIZE = 32;
export const ED25519_SEED_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

// DER prefixes (RFC 8410) for raw Ed25519 keys: Node imports and exports these forms, while
// raw export of Ed25519 keys is not available everywhere.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface Ed25519KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function generateEd25519KeyPair(): Ed25519KeyPair {
  return generateKeyPairSync('ed25519');
}

/** The 32-byte RFC 8032 encoding of an Ed25519 public (or private) key's public half. */
export function ed25519PublicKeyBytes(key: KeyObject): Uint8Array {
  assertEd25519(key);
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return jwkBytes(publicKey.export({ format: 'jwk' }).x, ED25519_PUBLIC_KEY_SIZE);
}

export function ed25519PublicKeyFromBytes(bytes: Uint8Array): KeyObject {
  if (bytes.byteLength !== ED25519_PUBLIC_KEY_SIZE) {
    throw new LedgerError(
      'VKEY_INVALID',
      `Ed25519 public keys are ${ED25519_PUBLIC_KEY_SIZE} bytes`,
    );
  }
  try {
    return createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, bytes]),
      format: 'der',
      type: 'spki',
    });
  } catch (error) {
    throw new LedgerError('VKEY_INVALID', 'Not a valid Ed25519 public key', { cause: error });
  }
}

/** The 32-byte private seed (RFC 8032 §5.1.5), the compact form to keep in a key store. */
export function ed25519SeedFromPrivateKey(key: KeyObject): Uint8Array {
  assertEd25519(key);
  if (key.type !== 'private') throw new LedgerError('VKEY_INVALID', 'Expected a private key');
  return jwkBytes(key.export({ format: 'jwk' }).d, ED25519_SEED_SIZE);
}

export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.byteLength !== ED25519_SEED_SIZE) {
    throw new LedgerError('VKEY_INVALID', `Ed25519 seeds are ${ED25519_SEED_SIZE} bytes`);
  }
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new LedgerError('VKEY_INVALID', 'Expected an Ed25519 key');
  }
}

function jwkBytes(field: string | undefined, size: number): Uint8Array {
  const bytes = Buffer.from(field ?? '', 'base64url');
  if (bytes.byteLength !== size) throw new LedgerError('VKEY_INVALID', 'Unexpected Ed25519 JWK');
  return bytes;
}
