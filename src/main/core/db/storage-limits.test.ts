import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetDraft } from '../../../shared/domain/dataset';
import { createDataset, createDatasets } from '../catalog/catalog-commands';
import { countDatasets } from '../catalog/catalog-queries';
import { toHex } from '../ledger/bytes';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { configureLogging } from '../log/logger';
import { createHandlers } from '../rpc/handlers';
import { dispatch } from '../rpc/dispatch';
import { createPublishedWorkspace, sampleDraft } from '../testing/charter-setup';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { Workspace } from '../workspace/workspace';
import { WorkspaceSession } from '../workspace/workspace-session';

configureLogging({ sink: () => undefined });
const tempDir = useTempDir();
const info = { name: 'Concordat', version: 'test', mode: 'browser' } as const;

function bigDraft(n: number): DatasetDraft {
  return sampleDraft({
    identifier: `big-${n}`,
    title: `Big dataset ${n}`,
    description: `A long description of dataset ${n}. `.repeat(100),
  });
}

/** Everything a change could touch: the ledger's size and root, and the projections. */
function snapshotOf(ws: Workspace) {
  return {
    ledgerSize: ws.ledger.size,
    root: toHex(ws.ledger.root()),
    storedEntries: ws.sqlite.prepare('SELECT count(*) FROM ledger_entry').pluck().get(),
    datasets: countDatasets(ws),
  };
}

/** Writes big datasets until one is refused; returns its code and the state just before it. */
function fillUntilRefused(ws: Workspace, limit = 2000) {
  for (let n = 0; n < limit; n += 1) {
    const before = snapshotOf(ws);
    const code = thrownCode(() => createDataset(ws, bigDraft(n)));
    if (code !== undefined) return { code, before, n };
  }
  throw new Error(`${limit} datasets fitted; the disk never filled`);
}

/** Mounting needs root with CAP_SYS_ADMIN; most machines (and CI runners) have neither. */
function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    // Not mounted.
  }
}

const canMount = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = join(tmpdir(), `concordat-mount-probe-${process.pid}`);
  mkdirSync(probe, { recursive: true });
  try {
    const mounted = tryMountTmpfs(probe, '64k');
    if (mounted) unmount(probe);
    return mounted;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

describe('a full disk', () => {
  it('refuses the change as WORKSPACE_FULL, writes nothing, and work resumes when space returns (max_page_count)', async () => {
    const path = join(tempDir(), 'w.concordat');
    createPublishedWorkspace(path, testSetup).close();
    const session = new WorkspaceSession(path, { verifyThreads: 0 });
    const handlers = createHandlers(session, info);
    try {
      const ws = session.require();
      createDatasets(ws, [sampleDraft({ identifier: 'first', title: 'First' })]);
      // The disk is "full" at the file's current size.
      const pages = ws.sqlite.pragma('page_count', { simple: true }) as number;
      ws.sqlite.pragma(`max_page_count = ${pages}`);

      const { code, before, n } = fillUntilRefused(ws);
      expect(code).toBe('WORKSPACE_FULL');
      expect(snapshotOf(ws)).toEqual(before);
      // A bulk change is refused as a whole, and the app sees the code and a clear message.
      expect(
        thrownCode(() => createDatasets(ws, [bigDraft(9000), bigDraft(9001), bigDraft(9002)])),
      ).toBe('WORKSPACE_FULL');
      const refused = await dispatch(handlers, 'catalog.create', { draft: bigDraft(9100) });
      expect(refused.ok ? null : refused.error.code).toBe('WORKSPACE_FULL');
      expect(refused.ok ? '' : refused.error.message).toMatch(/disk is full.*nothing was saved/);
      expect(snapshotOf(ws)).toEqual(before);
      expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);

      // Space returns: the same change now goes through.
      ws.sqlite.pragma('max_page_count = 1073741823');
      createDataset(ws, bigDraft(n));
      expect(snapshotOf(ws).datasets).toBe(before.datasets + 1);
      expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
    } finally {
      session.close();
    }
  });

  it.skipIf(!canMount)(
    'on a real file system that runs out of space (a small tmpfs), the same holds',
    () => {
      const mount = tempDir();
      expect(tryMountTmpfs(mount, '1m')).toBe(true);
      let ws: Workspace | undefined;
      try {
        ws = createPublishedWorkspace(join(mount, 'w.concordat'), testSetup);
        const { code, before, n } = fillUntilRefused(ws);
        expect(code).toBe('WORKSPACE_FULL');
        expect(snapshotOf(ws)).toEqual(before);
        expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);

        execFileSync('mount', ['-o', 'remount,size=16m', mount], { stdio: 'ignore' });
        createDataset(ws, bigDraft(n));
        expect(snapshotOf(ws).datasets).toBe(before.datasets + 1);
        expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
      } finally {
        ws?.close();
        unmount(mount);
      }
    },
  );
});

describe('read-only storage', () => {
  const restore: string[] = [];
  afterEach(() => {
    for (const path of restore.splice(0)) chmodSync(path, 0o755);
  });

  function digest(path: string): string {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  }

  async function expectOpensReadOnly(path: string): Promise<void> {
    const before = digest(path);
    const session = new WorkspaceSession(path, { verifyThreads: 0 });
    const handlers = createHandlers(session, info);
    try {
      await session.verifyOnOpen();
      expect(session.status()).toMatchObject({
        state: 'open',
        readOnly: true,
        readOnlyReason: 'storage',
        counts: { datasets: 1 },
      });
      const refused = await dispatch(handlers, 'catalog.create', { draft: bigDraft(1) });
      expect(refused).toMatchObject({ ok: false, error: { code: 'WORKSPACE_READ_ONLY' } });
      expect(await session.backups.runDue()).toBeUndefined();
      // Reading and verifying still work.
      expect(await dispatch(handlers, 'catalog.list', { offset: 0, limit: 10 })).toMatchObject({
        ok: true,
      });
      expect(verifyWorkspace(session.require()).ok).toBe(true);
    } finally {
      session.close();
    }
    expect(digest(path)).toBe(before);
  }

  function workspaceIn(dir: string): string {
    const path = join(dir, 'w.concordat');
    const ws = createPublishedWorkspace(path, testSetup);
    createDataset(ws, sampleDraft({ identifier: 'only', title: 'Only' }));
    ws.close();
    return path;
  }

  it('a file without write permission (0444) opens read-only, with the reason', async () => {
    const path = workspaceIn(tempDir());
    chmodSync(path, 0o444);
    restore.push(path);
    await expectOpensReadOnly(path);
  });

  it('a workspace in a folder that cannot be written opens read-only', async () => {
    const dir = tempDir();
    const path = workspaceIn(dir);
    chmodSync(dir, 0o555);
    restore.push(dir);
    await expectOpensReadOnly(path);
  });

  it.skipIf(!canMount)(
    'a workspace on a read-only mount (no room for its -shm) opens read-only from memory',
    async () => {
      const dir = tempDir();
      workspaceIn(dir);
      const mount = tempDir();
      execFileSync('mount', ['--bind', dir, mount], { stdio: 'ignore' });
      try {
        execFileSync('mount', ['-o', 'remount,ro,bind', mount], { stdio: 'ignore' });
        const onMount = join(mount, 'w.concordat');
        const ws = Workspace.open(onMount);
        expect(ws.sqlite.memory).toBe(true);
        ws.close();
        await expectOpensReadOnly(onMount);
      } finally {
        unmount(mount);
      }
    },
  );
});
