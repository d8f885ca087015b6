import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import { assertPassphrase, type KeyProtection } from '../core/keys/node-key-file';

export const PASSPHRASE_ENV = 'CONCORDAT_PASSPHRASE';

type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/**
 * How the desktop app protects the node's signing key: the OS key store through safeStorage.
 * On Linux without a secret service, safeStorage falls back to 'basic_text', which protects
 * nothing; there (and wherever encryption is unavailable) a passphrase is required instead.
 */
export function desktopKeyProtection(
  safeStorage: SafeStorageLike,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
): KeyProtection {
  const passphrase = env[PASSPHRASE_ENV];
  if (passphrase !== undefined && passphrase !== '') {
    assertPassphrase(passphrase);
    return { kind: 'passphrase', passphrase };
  }
  const weak = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || weak) {
    throw new AppError(
      'KEY_PASSPHRASE_REQUIRED',
      `This system offers no protected key store for the node's signing key. Start Concordat with ${PASSPHRASE_ENV} set to a passphrase of at least 10 characters.`,
    );
  }
  return {
    kind: 'os-keychain',
    // safeStorage encrypts strings; the DER key travels as base64 inside it.
    seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
