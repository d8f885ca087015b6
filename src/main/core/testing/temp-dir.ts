import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { NodeSetup } from '../../../shared/domain/workspace';
import { publishOpenCharter } from './charter-setup';
import { Workspace } from '../workspace/workspace';

/** A fresh temporary directory per test, removed afterwards. */
export function useTempDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'concordat-test-'));
    dirs.push(dir);
    return dir;
  };
}

export const testSetup: NodeSetup = {
  organisation: 'Acme Health',
  operator: 'Ada Lovelace',
  roles: ['lead', 'steward', 'auditor'],
};

/** Creates a workspace in a fresh temp dir and closes it after the test. */
export function useTempWorkspace(): (setup?: NodeSetup) => Workspace {
  const tempDir = useTempDir();
  const open: Workspace[] = [];
  afterEach(() => {
    for (const ws of open.splice(0)) ws.close();
  });
  return (setup = testSetup) => {
    const ws = Workspace.create(join(tempDir(), 'workspace.concordat'), setup);
    open.push(ws);
    // Catalog commands need a governing charter; leads' nodes publish the template here.
    if (ws.actor.roles.includes('lead')) publishOpenCharter(ws);
    return ws;
  };
}
