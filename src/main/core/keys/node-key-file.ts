import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { generateEd25519KeyPair } from '../ledger/ed25519-keys';
import { createNoteSigner, type NoteSigner } from '../ledger/note-keys';

export const MIN_PASSPHRASE_LENGTH = 10;
const MAX_KEY_FILE_BYTES = 16 * 1024;

/**
 * How the private key is protected at rest. The CLI and browser mode use a passphrase
 * (PKCS#8, AES-256 with a PBKDF2-derived key); the desktop app uses the OS key store through
 * Electron's safeStorage. Either way the key file holds nothing usable on its own.
 */
export type KeyProtection =
  | { kind: 'passphrase'; passphrase: string }
  | { kind: 'os-keychain'; seal(plain: Buffer): Buffer; open(sealed: Buffer): Buffer };

const keyFileSchema = z.discriminatedUnion('protection', [
  z.strictObject({
    v: z.literal(1),
    kind: z.literal('concordat-node-key'),
    keyName: z.string().min(1).max(200),
    vkey: z.string().min(1).max(400),
    protection: z.literal('passphrase'),
    pkcs8: z.string().min(1).max(8000),
  }),
  z.strictObject({
    v: z.literal(1),
    kind: z.literal('concordat-node-key'),
    keyName: z.string().min(1).max(200),
    vkey: z.string().min(1).max(400),
    protection: z.literal('os-keychain'),
    sealed: z.string().min(1).max(8000),
  }),
]);

/** The key lives beside the workspace, never inside it: copies of the database carry no key. */
export function keyFilePath(workspacePath: string): string {
  return `${workspacePath}.key`;
}

/** The signed-note key name (and checkpoint origin) of a node. */
export function nodeKeyName(nodeId: string): string {
  return `concordat/${nodeId}`;
}

export function assertPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError(
      'INVALID_INPUT',
      `The key passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`,
    );
  }
}

function seal(privateKey: KeyObject, protection: KeyProtection) {
  if (protection.kind === 'passphrase') {
    assertPassphrase(protection.passphrase);
    const pkcs8 = privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: protection.passphrase,
    });
    return { protection: 'passphrase' as const, pkcs8: String(pkcs8) };
  }
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  return { protection: 'os-keychain' as const, sealed: protection.seal(der).toString('base64') };
}

export interface CreatedNodeKey {
  signer: NoteSigner;
  /** Writes the key file; fails if one exists. Returns a function that removes it again. */
  write(path: string): () => void;
}

export function createNodeKey(keyName: string, protection: KeyProtection): CreatedNodeKey {
  const { privateKey } = generateEd25519KeyPair();
  const signer = createNoteSigner(keyName, privateKey);
  const text = JSON.stringify(
    {
      v: 1,
      kind: 'concordat-node-key',
      keyName,
      vkey: signer.vkey,
      ...seal(privateKey, protection),
    },
    null,
    2,
  );
  return {
    signer,
    write(path) {
      try {
        // 'wx': never overwrite a key; 0600: readable by its owner only.
        writeFileSync(path, text + '\n', { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new AppError(
            'WORKSPACE_EXISTS',
            `A key file already exists at ${path}; refusing to replace it.`,
          );
        }
        throw error;
      }
      return () => rmSync(path, { force: true });
    },
  };
}

function readKeyFile(path: string): z.infer<typeof keyFileSchema> {
  if (!existsSync(path)) {
    throw new AppError(
      'KEY_MISSING',
      `The node's signing key ${path} is missing; checkpoints cannot be signed.`,
    );
  }
  const raw = readFileSync(path);
  if (raw.length > MAX_KEY_FILE_BYTES)
    throw new AppError('KEY_INVALID', `${path} is not a Concordat key file.`);
  try {
    return keyFileSchema.parse(JSON.parse(raw.toString('utf8')));
  } catch {
    throw new AppError('KEY_INVALID', `${path} is not a Concordat key file.`);
  }
}

/** The public key a key file holds, or null when there is no readable key file there. */
export function keyFileVkey(path: string): string | null {
  try {
    return readKeyFile(path).vkey;
  } catch {
    return null;
  }
}

/**
 * How an existing key file is protected, or null when there is no readable key file; lets a
 * process that cannot open the OS key store (the CLI) say so instead of asking a passphrase.
 */
export function keyFileProtection(path: string): KeyProtection['kind'] | null {
  try {
    return readKeyFile(path).protection;
  } catch {
    return null;
  }
}

/** Opens the node's key file and checks it is the key the ledger registered. */
export function loadNodeSigner(
  path: string,
  protection: KeyProtection,
  expectedVkey: string,
): NoteSigner {
  const parsed = readKeyFile(path);
  if (parsed.vkey !== expectedVkey) {
    throw new AppError(
      'KEY_INVALID',
      `${path} holds another node's key, not the one this workspace registered.`,
    );
  }
  let privateKey: KeyObject;
  if (parsed.protection === 'passphrase') {
    if (protection.kind !== 'passphrase') {
      throw new AppError(
        'KEY_PASSPHRASE_REQUIRED',
        `The key ${path} is protected by a passphrase.`,
      );
    }
    try {
      privateKey = createPrivateKey({
        key: parsed.pkcs8,
        format: 'pem',
        passphrase: protection.passphrase,
      });
    } catch {
      throw new AppError('KEY_PASSPHRASE_WRONG', `Wrong passphrase for the node key ${path}.`);
    }
  } else {
    if (protection.kind !== 'os-keychain') {
      throw new AppError(
        'KEY_INVALID',
        `The key ${path} is protected by the desktop app's OS key store; open it there.`,
      );
    }
    try {
      privateKey = createPrivateKey({
        key: protection.open(Buffer.from(parsed.sealed, 'base64')),
        format: 'der',
        type: 'pkcs8',
      });
    } catch {
      throw new AppError('KEY_INVALID', `The OS key store could not unlock ${path}.`);
    }
  }
  const signer = createNoteSigner(parsed.keyName, privateKey);
  if (signer.vkey !== expectedVkey) {
    throw new AppError('KEY_INVALID', `${path} does not match its recorded public key.`);
  }
  return signer;
}
