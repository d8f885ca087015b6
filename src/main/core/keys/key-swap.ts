import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { parseJsonStrict } from '../ledger/strict-json';
import { keyFilePath } from './node-key-file';

/** Where a new key waits until the ledger has recorded it (a key rotation in progress). */
export function pendingKeyPath(workspacePath: string): string {
  return `${keyFilePath(workspacePath)}.next`;
}

/**
 * Moves a pending key into place once the ledger registers it. The old key file is removed:
 * a retired key signs nothing more, and keeping it would only keep it stealable.
 */
export function finishKeySwap(workspacePath: string, registeredVkey: string): boolean {
  const pending = pendingKeyPath(workspacePath);
  if (!existsSync(pending)) return false;
  let pendingVkey: unknown;
  try {
    pendingVkey = (parseJsonStrict(readFileSync(pending), { maxDepth: 2 }) as { vkey?: unknown })
      .vkey;
  } catch {
    return false;
  }
  if (pendingVkey !== registeredVkey) return false;
  const current = keyFilePath(workspacePath);
  const retired = `${current}.retired`;
  if (existsSync(current)) renameSync(current, retired);
  renameSync(pending, current);
  rmSync(retired, { force: true });
  return true;
}
