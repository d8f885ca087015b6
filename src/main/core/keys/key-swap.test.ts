import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir';
import { finishKeySwap, pendingKeyPath } from './key-swap';
import { keyFilePath } from './node-key-file';

/** Stand-ins for key files: the swap reads nothing but the vkey they name. */
function writeKey(path: string, vkey: string): void {
  writeFileSync(path, JSON.stringify({ vkey }));
}

const vkeyIn = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { vkey: string }).vkey;

describe('finishing a key swap', () => {
  const tempDir = useTempDir();

  function workspace() {
    const path = join(tempDir(), 'node.concordat');
    return {
      path,
      current: keyFilePath(path),
      pending: pendingKeyPath(path),
      retired: `${keyFilePath(path)}.retired`,
    };
  }

  it('moves the registered pending key into place and removes the old one', () => {
    const { path, current, pending, retired } = workspace();
    writeKey(current, 'old');
    writeKey(pending, 'new');
    expect(finishKeySwap(path, 'new')).toBe(true);
    expect(vkeyIn(current)).toBe('new');
    expect(existsSync(pending)).toBe(false);
    expect(existsSync(retired)).toBe(false);
  });

  it('leaves a pending key the ledger never registered where it is', () => {
    const { path, current, pending } = workspace();
    writeKey(current, 'old');
    writeKey(pending, 'never-registered');
    expect(finishKeySwap(path, 'old')).toBe(false);
    expect(vkeyIn(current)).toBe('old');
    expect(existsSync(pending)).toBe(true);
  });

  it('finishes a swap killed between setting the old key aside and moving the new one in', () => {
    const { path, current, pending, retired } = workspace();
    writeKey(retired, 'old');
    writeKey(pending, 'new');
    expect(finishKeySwap(path, 'new')).toBe(true);
    expect(vkeyIn(current)).toBe('new');
    expect(existsSync(retired)).toBe(false);
  });

  // Found by the crash harness: a kill after the new key went into place left the retired
  // private key on disk until the next rotation.
  it('removes the old key a swap killed just before its last step left behind', () => {
    const { path, current, retired } = workspace();
    writeKey(current, 'new');
    writeKey(retired, 'old');
    expect(finishKeySwap(path, 'new')).toBe(false);
    expect(existsSync(retired)).toBe(false);
    expect(vkeyIn(current)).toBe('new');
  });

  it('never removes a set-aside file that holds the registered key', () => {
    const { path, current, retired } = workspace();
    writeKey(current, 'other');
    writeKey(retired, 'registered');
    finishKeySwap(path, 'registered');
    expect(vkeyIn(retired)).toBe('registered');
  });
});
