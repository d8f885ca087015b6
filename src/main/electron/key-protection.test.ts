import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { desktopKeyProtection } from './key-protection';

function fakeSafeStorage(available: boolean, backend: string) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as 'basic_text',
    // A reversible stand-in for the OS cipher.
    encryptString: (text: string) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decryptString: (sealed: Buffer) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString(),
  };
}

describe('desktop key protection', () => {
  it('uses the OS key store when it really encrypts, and round-trips the key', () => {
    const protection = desktopKeyProtection(fakeSafeStorage(true, 'gnome_libsecret'), {}, 'linux');
    expect(protection.kind).toBe('os-keychain');
    if (protection.kind !== 'os-keychain') return;
    const key = Buffer.from('private key bytes');
    const sealed = protection.seal(key);
    expect(sealed.includes(key)).toBe(false);
    expect(protection.open(sealed)).toEqual(key);
  });

  it("refuses Linux's basic_text fallback without a passphrase", () => {
    expect(() => desktopKeyProtection(fakeSafeStorage(true, 'basic_text'), {}, 'linux')).toThrow(
      AppError,
    );
    expect(() => desktopKeyProtection(fakeSafeStorage(false, 'unknown'), {}, 'darwin')).toThrow(
      /CONCORDAT_PASSPHRASE/,
    );
    // The stable code, and an empty passphrase is no passphrase.
    for (const env of [{}, { CONCORDAT_PASSPHRASE: '' }]) {
      expect(() => desktopKeyProtection(fakeSafeStorage(true, 'basic_text'), env, 'linux')).toThrow(
        expect.objectContaining({ code: 'KEY_PASSPHRASE_REQUIRED' }),
      );
    }
  });

  it('uses a passphrase from the environment when one is set, and checks its length', () => {
    const env = { CONCORDAT_PASSPHRASE: 'long enough passphrase' };
    expect(desktopKeyProtection(fakeSafeStorage(true, 'basic_text'), env, 'linux')).toEqual({
      kind: 'passphrase',
      passphrase: 'long enough passphrase',
    });
    expect(() =>
      desktopKeyProtection(
        fakeSafeStorage(true, 'kwallet'),
        { CONCORDAT_PASSPHRASE: 'short' },
        'linux',
      ),
    ).toThrow(/at least/);
  });
});
