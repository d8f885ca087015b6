import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeSetup } from '../../../shared/domain/workspace';
import { createDataset } from '../catalog/catalog-commands';
import { configureLogging } from '../log/logger';
import { createPublishedWorkspace, sampleDraft } from '../testing/charter-setup';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { WorkspaceSession } from '../workspace/workspace-session';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

configureLogging({ sink: () => undefined });
const tempDir = useTempDir();
const info = { name: 'Concordat', version: 'test', mode: 'browser' } as const;

function sessionFor(setup: NodeSetup = testSetup) {
  const path = join(tempDir(), 'w.concordat');
  const ws = createPublishedWorkspace(path, setup);
  createDataset(ws, sampleDraft({ identifier: 'one', title: 'One' }));
  ws.close();
  const session = new WorkspaceSession(path, { verifyThreads: 0 });
  return {
    path,
    session,
    call: (channel: string, input: unknown) =>
      dispatch(createHandlers(session, info), channel, input),
  };
}

describe('backup channels', () => {
  it('create, list and verify through the contract', async () => {
    const { session, call } = sessionFor();
    try {
      const created = await call('backup.create', {});
      expect(created).toMatchObject({ ok: true, value: { verified: true, reason: 'manual' } });
      const id = created.ok ? (created.value as { id: string }).id : '';
      expect(await call('backup.list', {})).toMatchObject({
        ok: true,
        value: { backups: [{ id, verified: true }] },
      });
      expect(await call('backup.verify', { id })).toMatchObject({
        ok: true,
        value: { id, verified: true },
      });
      expect(await call('backup.verify', { id: '../../etc/passwd' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(await call('backup.restore', { id: '20250101T000000000Z-manual' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    } finally {
      session.close();
    }
  });

  it('restoring over an open workspace needs a lead; in recovery, whoever is at the keyboard may', async () => {
    const { path, session, call } = sessionFor({ ...testSetup, roles: ['steward'] });
    let recovered: WorkspaceSession | undefined;
    try {
      const created = await call('backup.create', {});
      const id = created.ok ? (created.value as { id: string }).id : '';
      expect(await call('backup.restore', { id })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN_ROLE' },
      });
      session.close();

      truncateSync(path, 1000);
      recovered = new WorkspaceSession(path, { verifyThreads: 0 });
      const handlers = createHandlers(recovered, info);
      expect(await dispatch(handlers, 'workspace.status', {})).toMatchObject({
        ok: true,
        value: { state: 'recovery', problem: { code: 'WORKSPACE_CORRUPT' } },
      });
      // Until restored, every other channel says why the workspace is not there.
      expect(await dispatch(handlers, 'catalog.list', {})).toMatchObject({
        ok: false,
        error: { code: 'WORKSPACE_CORRUPT' },
      });
      expect(await dispatch(handlers, 'backup.create', {})).toMatchObject({
        ok: false,
        error: { code: 'WORKSPACE_CORRUPT' },
      });
      const restored = await dispatch(handlers, 'backup.restore', { id });
      expect(restored).toMatchObject({
        ok: true,
        value: {
          restored: { id },
          movedAside: [],
          status: { state: 'open', counts: { datasets: 1 } },
        },
      });
    } finally {
      session.close();
      recovered?.close();
    }
  });

  it('the status waits for the checks on open and then reports what they found', async () => {
    const { session, call } = sessionFor();
    try {
      const checking = session.verifyOnOpen();
      const status = await call('workspace.status', {});
      await checking;
      expect(status).toMatchObject({ ok: true, value: { state: 'open' } });
    } finally {
      session.close();
    }
  });
});
