import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { parseJsonStrict } from '../ledger/strict-json';
import { keyFilePath } from './node-key-file';

/** Where a new key waits until the ledger has recorded it (a key rotation in progress). */
export function pendingKeyPath(workspacePath: string): string {
  return `${keyFilePath(workspacePath)}.next`;
}

/** Where the old key is set aside for the moment of the swap. */
function retiredKeyPath(workspacePath: string): string {
  return `${keyFilePath(workspacePath)}.retired`;
}

/** The vkey a key file names, or undefined when it cannot be read as one. */
function vkeyOfFile(path: string): unknown {
  try {
    return (parseJsonStrict(readFileSync(path), { maxDepth: 2 }) as { vkey?: unknown }).vkey;
  } catch {
    return undefined;
  }
}

/**
 * Moves a pending key into place once the ledger registers it. The old key file is removed:
 * a retired key signs nothing more, and keeping it would only keep it stealable. A swap cut
 * short after the new key went into place (a crash before the old one was removed) is
 * finished here too.
 */
export function finishKeySwap(workspacePath: string, registeredVkey: string): boolean {
  const pending = pendingKeyPath(workspacePath);
  const current = keyFilePath(workspacePath);
  const retired = retiredKeyPath(workspacePath);
  if (!existsSync(pending)) {
    if (existsSync(retired) && existsSync(current) && vkeyOfFile(retired) !== registeredVkey) {
      rmSync(retired, { force: true });
    }
    return false;
  }
  if (vkeyOfFile(pending) !== registeredVkey) return false;
  if (existsSync(current)) renameSync(current, retired);
  renameSync(pending, current);
  rmSync(retired, { force: true });
  return true;
}
