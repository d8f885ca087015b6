import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { addMember } from '../members/member-commands';
import { Workspace } from '../workspace/workspace';
import { keyFileProtection, keyFilePath } from './node-key-file';

const tempDir = useTempDir();
/** Any change: it grows the ledger past the checkpoint signed at creation. */
const change = (ws: Workspace) => addMember(ws, { name: 'Grace Hopper', roles: ['steward'] });
const protection = { kind: 'passphrase', passphrase: 'a long test passphrase' } as const;

function created() {
  const path = join(tempDir(), 'w.concordat');
  Workspace.create(path, testSetup, { keyProtection: protection }).close();
  return path;
}

describe('the node signing key', () => {
  it('is created at init beside the workspace, encrypted, owner-only, and registered in the ledger', () => {
    const path = created();
    const keyFile = readFileSync(keyFilePath(path), 'utf8');
    expect(keyFile).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(keyFile).not.toContain('BEGIN PRIVATE KEY');
    if (process.platform !== 'win32') expect(statSync(keyFilePath(path)).mode & 0o777).toBe(0o600);
    const ws = Workspace.open(path, { keyProtection: protection });
    expect(ws.registeredVkey()).toMatch(/^concordat\/[0-9a-f-]+\+[0-9a-f]{8}\+/);
    expect(ws.isUnlocked).toBe(true);
    const types = ws.sqlite
      .prepare('SELECT type FROM ledger_entry ORDER BY seq LIMIT 2')
      .pluck()
      .all();
    expect(types).toEqual(['node.initialised', 'node.key_registered']);
    ws.close();
  });

  it('never stores the private key in the database', () => {
    const path = created();
    const db = readFileSync(path);
    expect(db.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
  });

  it("refuses a wrong passphrase, a missing key file and another node's key", () => {
    const path = created();
    expect(
      thrownCode(() =>
        Workspace.open(path, {
          keyProtection: { kind: 'passphrase', passphrase: 'the wrong passphrase' },
        }),
      ),
    ).toBe('KEY_PASSPHRASE_WRONG');
    const other = created();
    writeFileSync(keyFilePath(path), readFileSync(keyFilePath(other)), { flag: 'w' });
    expect(thrownCode(() => Workspace.open(path, { keyProtection: protection }))).toBe(
      'KEY_INVALID',
    );
    writeFileSync(keyFilePath(path), 'not a key');
    expect(thrownCode(() => Workspace.open(path, { keyProtection: protection }))).toBe(
      'KEY_INVALID',
    );
  });

  it('opens a workspace whose key file is missing, unable to sign and saying why', () => {
    const path = created();
    rmSync(keyFilePath(path));
    const ws = Workspace.open(path, { keyProtection: protection });
    expect(ws.isUnlocked).toBe(false);
    change(ws);
    expect(thrownCode(() => ws.checkpoint())).toBe('KEY_MISSING');
    ws.close();
  });

  it('refuses a short passphrase before creating anything', () => {
    const path = join(tempDir(), 'w.concordat');
    expect(
      thrownCode(() =>
        Workspace.create(path, testSetup, {
          keyProtection: { kind: 'passphrase', passphrase: 'short' },
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect(() => statSync(path)).toThrow();
  });

  it('signs nothing while locked', () => {
    const path = created();
    const ws = Workspace.open(path);
    // The checkpoint signed at creation covers the ledger as it is: handed out without a key.
    expect(ws.checkpoint().size).toBe(ws.ledger.size);
    change(ws);
    expect(thrownCode(() => ws.checkpoint())).toBe('KEY_LOCKED');
    ws.close();
  });

  it('tells how an existing key file is protected, without opening it', () => {
    const path = created();
    expect(keyFileProtection(keyFilePath(path))).toBe('passphrase');
    const sealedPath = join(tempDir(), 'desktop.concordat');
    const xor = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
    Workspace.create(sealedPath, testSetup, {
      keyProtection: { kind: 'os-keychain', seal: xor, open: xor },
    }).close();
    expect(keyFileProtection(keyFilePath(sealedPath))).toBe('os-keychain');
    expect(keyFileProtection(join(tempDir(), 'missing.key'))).toBeNull();
    writeFileSync(keyFilePath(path), 'not json');
    expect(keyFileProtection(keyFilePath(path))).toBeNull();
  });
});
