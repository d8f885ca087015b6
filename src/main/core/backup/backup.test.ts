import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../ledger/bytes';
import { createDataset } from '../catalog/catalog-commands';
import { countDatasets } from '../catalog/catalog-queries';
import { loadMigrations } from '../db/migrations';
import { latestOwnCheckpoint } from '../ledger-store/checkpoints';
import { configureLogging } from '../log/logger';
import { createPublishedWorkspace, sampleDraft } from '../testing/charter-setup';
import { testKeyProtection, verifyFile } from '../testing/demo-workspace';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { Workspace } from '../workspace/workspace';
import { WorkspaceSession } from '../workspace/workspace-session';
import {
  backupFilePath,
  backupsDirFor,
  findBackup,
  listBackupManifests,
  readRestoreRecord,
} from './backup-files';
import { BackupScheduler } from './backup-scheduler';
import { createBackup, verifyBackup } from './create-backup';
import { restoreBackup } from './restore-backup';
import { rotateNodeKey } from '../sync/key-rotation';

configureLogging({ sink: () => undefined });
const tempDir = useTempDir();
/** Verification on this thread: fast for small ledgers, and no workers to start. */
const inline = { threads: 0 };

function newWorkspace(datasets = 3): Workspace {
  const ws = createPublishedWorkspace(join(tempDir(), 'w.concordat'), testSetup, {
    keyProtection: testKeyProtection,
  });
  addDatasets(ws, 0, datasets);
  return ws;
}

function addDatasets(ws: Workspace, from: number, to: number): void {
  for (let i = from; i < to; i += 1) {
    createDataset(ws, sampleDraft({ identifier: `ds-${i}`, title: `Dataset ${i}` }));
  }
  ws.checkpoint();
}

async function rejectionCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('online backups', () => {
  it('copies the open workspace into <workspace>.backups, verifies the copy and records it', async () => {
    const ws = newWorkspace();
    try {
      const backup = await createBackup(ws, { reason: 'manual', ...inline });
      const file = backupFilePath(backupsDirFor(ws.path), backup.id);
      expect(backup).toMatchObject({
        reason: 'manual',
        verified: true,
        problem: null,
        nodeId: ws.node.nodeId,
        schemaVersion: ws.schemaVersion,
        ledgerSize: ws.ledger.size,
        workspace: ws.path,
      });
      const checkpoint = latestOwnCheckpoint(ws.sqlite);
      expect(backup.checkpoint).toEqual({
        size: checkpoint?.size,
        root: toBase64(checkpoint?.root ?? new Uint8Array()),
      });
      expect(backup.bytes).toBe(readFileSync(file).length);
      // One self-contained file (no -wal beside it), and the manifest next to it.
      expect(readdirSync(backupsDirFor(ws.path)).sort()).toEqual(
        [`${backup.id}.concordat`, `${backup.id}.json`].sort(),
      );
      const copy = new Database(file, { readonly: true });
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      copy.close();
      expect(verifyFile(file, true).ok).toBe(true);
      expect(listBackupManifests(ws.path).map((b) => b.id)).toEqual([backup.id]);
    } finally {
      ws.close();
    }
  });

  it('discards a copy that does not verify and says the workspace needs a look', async () => {
    const ws = newWorkspace();
    try {
      // An entry edited behind the ledger's back (its triggers dropped first, as a tool would).
      const other = new Database(ws.path);
      other.exec('DROP TRIGGER ledger_entry_no_update');
      other.prepare("UPDATE ledger_entry SET bytes = CAST('{}' AS BLOB) WHERE seq = 2").run();
      other.close();
      expect(await rejectionCode(createBackup(ws, inline))).toBe('BACKUP_INVALID');
      expect(listBackupManifests(ws.path)).toEqual([]);
      expect(readdirSync(backupsDirFor(ws.path))).toEqual([]);
    } finally {
      ws.close();
    }
  });

  it('re-verification notices a backup that changed on disk, and restore refuses it', async () => {
    const ws = newWorkspace();
    const path = ws.path;
    const backup = await createBackup(ws, inline);
    ws.close();
    const file = backupFilePath(backupsDirFor(path), backup.id);
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const before = readFileSync(path);

    const checked = await verifyBackup(path, backup.id, inline);
    expect(checked.verified).toBe(false);
    expect(checked.problem).toContain('SHA-256');
    expect(findBackup(path, backup.id)?.verified).toBe(false);
    expect(await rejectionCode(restoreBackup(path, backup.id, inline))).toBe('BACKUP_INVALID');
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('restore', () => {
  it('puts a verified backup in place, moves the replaced files aside and verifies the result', async () => {
    const ws = newWorkspace(3);
    const path = ws.path;
    const early = await createBackup(ws, inline);
    const earlySize = ws.ledger.size;
    addDatasets(ws, 3, 6);
    const later = await createBackup(ws, inline);
    const laterSize = ws.ledger.size;
    ws.close();

    const outcome = await restoreBackup(path, early.id, inline);
    expect(outcome.report).toMatchObject({ ok: true, size: earlySize });
    expect(outcome.movedAside).toHaveLength(1);
    expect(outcome.movedAside[0]).toMatch(/\.replaced-\d{8}T\d{9}Z$/);
    expect(verifyFile(outcome.movedAside[0] ?? '').size).toBe(laterSize);
    expect(verifyFile(path, true)).toMatchObject({ ok: true, size: earlySize });
    expect(readRestoreRecord(path)?.id).toBe(early.id);

    // The app opens the restored workspace: the newer backup (taken before the restore) no
    // longer counts as this history's, so the shorter ledger is not taken for a rollback.
    const session = new WorkspaceSession(path, {
      verifyThreads: 0,
      keyProtection: testKeyProtection,
    });
    try {
      await session.verifyOnOpen();
      expect(session.status()).toMatchObject({
        state: 'open',
        counts: { datasets: 3, ledgerEntries: earlySize },
      });
      expect(session.require().isUnlocked).toBe(true);
    } finally {
      session.close();
    }
    expect(findBackup(path, later.id)?.verified).toBe(true);
  });

  it('restores through the session while the workspace is open, and keeps working after', async () => {
    const ws = newWorkspace(2);
    const path = ws.path;
    const backup = await createBackup(ws, inline);
    addDatasets(ws, 2, 4);
    ws.close();
    const session = new WorkspaceSession(path, {
      verifyThreads: 0,
      keyProtection: testKeyProtection,
    });
    try {
      expect(countDatasets(session.require())).toBe(4);
      const outcome = await session.restore(backup.id);
      expect(outcome.movedAside).toHaveLength(1);
      const restored = session.require();
      expect(countDatasets(restored)).toBe(2);
      createDataset(restored, sampleDraft({ identifier: 'after-restore', title: 'After' }));
      expect(countDatasets(restored)).toBe(3);
    } finally {
      session.close();
    }
    expect(verifyFile(path, true).ok).toBe(true);
  });
});

describe('restore after a key rotation', () => {
  it('refuses a backup that predates the rotation (its ledger does not register the key on disk) and changes nothing', async () => {
    const ws = newWorkspace(2);
    const path = ws.path;
    const before = await createBackup(ws, inline);
    rotateNodeKey(ws, testKeyProtection);
    const after = await createBackup(ws, inline);
    const size = ws.ledger.size;
    ws.close();

    const refusal = await restoreBackup(path, before.id, inline).then(
      () => undefined,
      (error: unknown) => error as { code?: string; message?: string },
    );
    expect(refusal?.code).toBe('BACKUP_INVALID');
    expect(refusal?.message).toMatch(/before this node's signing key was rotated/);
    expect(verifyFile(path).size).toBe(size);
    expect(readRestoreRecord(path)).toBeUndefined();

    // A backup taken after the rotation restores, and the node signs with its current key.
    await restoreBackup(path, after.id, inline);
    const reopened = Workspace.open(path, { keyProtection: testKeyProtection });
    try {
      expect(reopened.isUnlocked).toBe(true);
      reopened.checkpoint();
    } finally {
      reopened.close();
    }
    expect(verifyFile(path, true).ok).toBe(true);
  });
});

describe('backups before migrations', () => {
  it('copies a workspace before upgrading it; the copy verifies (on a migrated scratch copy) and restores', async () => {
    const known = loadMigrations();
    const path = join(tempDir(), 'old.concordat');
    const old = createPublishedWorkspace(path, testSetup, {
      keyProtection: testKeyProtection,
      migrations: known.slice(0, -1),
    });
    const oldVersion = old.schemaVersion;
    const oldSize = old.ledger.size;
    old.close();
    expect(oldVersion).toBe(known.length - 1);

    const upgraded = Workspace.open(path);
    expect(upgraded.schemaVersion).toBe(known.length);
    upgraded.close();
    const [copy] = listBackupManifests(path);
    expect(copy).toMatchObject({
      reason: 'pre-migration',
      schemaVersion: oldVersion,
      verified: false,
      problem: null,
    });
    const file = backupFilePath(backupsDirFor(path), copy?.id ?? '');
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(oldVersion);
    raw.close();

    const checked = await verifyBackup(path, copy?.id ?? '', inline);
    expect(checked).toMatchObject({
      verified: true,
      ledgerSize: oldSize,
      schemaVersion: oldVersion,
    });
    // The scratch copy it was verified on is gone.
    expect(readdirSync(backupsDirFor(path)).sort()).toEqual(
      [`${copy?.id ?? ''}.concordat`, `${copy?.id ?? ''}.json`].sort(),
    );

    const outcome = await restoreBackup(path, copy?.id ?? '', inline);
    expect(outcome.report.ok).toBe(true);
    const reopened = Workspace.open(path);
    expect(reopened.schemaVersion).toBe(known.length);
    reopened.close();
  });

  it('does not upgrade a workspace it cannot first back up, and leaves it unchanged', () => {
    const known = loadMigrations();
    const path = join(tempDir(), 'old.concordat');
    createPublishedWorkspace(path, testSetup, { migrations: known.slice(0, -1) }).close();
    // A file where the backups folder should be: no copy can be made.
    writeFileSync(backupsDirFor(path), 'in the way');
    expect(thrownCode(() => Workspace.open(path))).toBe('MIGRATION_FAILED');
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(known.length - 1);
    raw.close();
  });
});

describe('the backup scheduler', () => {
  it('backs up when the ledger changed, not otherwise; verifies waiting copies; skips read-only workspaces', async () => {
    let now = new Date('2025-06-01T10:00:00.000Z');
    const ws = newWorkspace();
    let current: Workspace | null = ws;
    const taken: string[] = [];
    const scheduler = new BackupScheduler(() => current, {
      threads: 0,
      now: () => now,
      onBackup: (backup) => taken.push(backup.id),
    });
    try {
      expect(await scheduler.runDue()).toBeDefined();
      now = new Date('2025-06-01T11:00:00.000Z');
      expect(await scheduler.runDue()).toBeUndefined();
      addDatasets(ws, 10, 11);
      now = new Date('2025-06-01T12:00:00.000Z');
      expect(await scheduler.runDue()).toMatchObject({ reason: 'scheduled', verified: true });
      // A day later a backup is due even without changes.
      now = new Date('2025-06-02T12:00:00.000Z');
      expect(await scheduler.runDue()).toBeDefined();
      expect(taken).toHaveLength(3);

      const readOnly = Workspace.open(ws.path, { readOnly: true });
      current = readOnly;
      addDatasets(ws, 11, 12);
      expect(await scheduler.runDue()).toBeUndefined();
      readOnly.close();
    } finally {
      scheduler.stop();
      ws.close();
    }
  });

  it('verifies a copy taken before a migration on its next look', async () => {
    const known = loadMigrations();
    const path = join(tempDir(), 'old.concordat');
    createPublishedWorkspace(path, testSetup, { migrations: known.slice(0, -1) }).close();
    const ws = Workspace.open(path);
    const scheduler = new BackupScheduler(() => ws, { threads: 0 });
    try {
      expect(listBackupManifests(path).map((b) => b.verified)).toEqual([false]);
      // Verified, it is the latest backup and holds the ledger as it is: nothing more is due.
      expect(await scheduler.runDue()).toBeUndefined();
      expect(listBackupManifests(path).map((b) => [b.reason, b.verified])).toEqual([
        ['pre-migration', true],
      ]);
    } finally {
      ws.close();
    }
  });

  it('a second request while one runs waits for it', async () => {
    const ws = newWorkspace();
    const scheduler = new BackupScheduler(() => ws, { threads: 0 });
    try {
      const [a, b] = await Promise.all([scheduler.backupNow(), scheduler.backupNow()]);
      expect(a.id).not.toBe(b.id);
      expect(existsSync(backupFilePath(backupsDirFor(ws.path), a.id))).toBe(true);
      expect(existsSync(backupFilePath(backupsDirFor(ws.path), b.id))).toBe(true);
    } finally {
      ws.close();
    }
  });
});
