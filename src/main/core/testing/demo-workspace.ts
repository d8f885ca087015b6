import { join } from 'node:path';
import type { KeyProtection } from '../keys/node-key-file';
import { createDemoWorkspace } from '../demo/demo-ecosystem';
import type { VerificationReport } from '../ledger-store/verification-report';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { Workspace } from '../workspace/workspace';

/** The passphrase tests protect their node keys with. */
export const testKeyProtection: KeyProtection = {
  kind: 'passphrase',
  passphrase: 'a long test passphrase',
};

/** A demo workspace (hundreds of entries, signed checkpoints) in `dir`, closed; its path. */
export function createDemoFile(dir: string): string {
  const path = join(dir, 'demo.concordat');
  createDemoWorkspace(path, { keyProtection: testKeyProtection }).close();
  return path;
}

/** The sequential verifier's report on a closed workspace file, opened read-only. */
export function verifyFile(path: string, deep = false): VerificationReport {
  const ws = Workspace.open(path, { readOnly: true });
  try {
    return verifyWorkspace(ws, { deep });
  } finally {
    ws.close();
  }
}
