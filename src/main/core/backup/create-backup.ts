import { renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { BackupReason } from '../../../shared/contract/backup-channels';
import { AppError } from '../../../shared/errors';
import { translateSqliteError } from '../db/sqlite-errors';
import { createLogger } from '../log/logger';
import type { Workspace } from '../workspace/workspace';
import {
  backupFilePath,
  type BackupManifest,
  backupsDirFor,
  deleteBackup,
  ensureBackupsDir,
  findBackup,
  hashFile,
  listBackupManifests,
  newBackupId,
  removeDatabaseFiles,
  syncFile,
  writeManifest,
} from './backup-files';
import { backupsToPrune, defaultRetention, type RetentionPolicy } from './retention';
import { type BackupCheckOptions, checkBackupFile } from './verify-backup';

const log = createLogger('backup');

export interface CreateBackupOptions extends BackupCheckOptions {
  reason?: Exclude<BackupReason, 'pre-migration'>;
  now?: () => Date;
  /** Prune by this policy afterwards (the default policy unless `false`). */
  retention?: RetentionPolicy | false;
}

/**
 * Takes an online backup of an open workspace with SQLite's backup API (better-sqlite3's
 * `backup()`, page by page between other work, consistent even while commands write) into
 * `<workspace>.backups/`, then verifies the copy: `integrity_check` and the ledger's full
 * verification. Only a copy that verifies is kept and recorded (`verified: true` with its size,
 * ledger size, root and latest checkpoint in the manifest beside it); one that does not is
 * discarded and reported as BACKUP_INVALID, which says the workspace itself needs a look.
 */
export async function createBackup(
  ws: Workspace,
  options: CreateBackupOptions = {},
): Promise<BackupManifest> {
  const now = options.now ?? (() => new Date());
  const at = now();
  const reason = options.reason ?? 'manual';
  let dir: string;
  try {
    dir = ensureBackupsDir(ws.path);
  } catch (error) {
    throw new AppError(
      (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'WORKSPACE_FULL' : 'WORKSPACE_READ_ONLY',
      `The backups folder ${backupsDirFor(ws.path)} cannot be created (${(error as Error).message}); no backup was taken.`,
      undefined,
      { cause: error },
    );
  }
  const id = newBackupId(dir, reason, at);
  const partial = `${backupFilePath(dir, id)}.partial`;
  try {
    removeDatabaseFiles(partial);
    await ws.sqlite.backup(partial);
    // A rollback-journal copy opens read-only without a -shm and is one self-contained file.
    const copy = new Database(partial, {
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    syncFile(partial);
  } catch (error) {
    removeDatabaseFiles(partial);
    const translated = translateSqliteError(error, partial);
    if (translated instanceof AppError) throw translated;
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new AppError(
        'WORKSPACE_FULL',
        `The disk is full; no backup was taken (${(error as Error).message}).`,
        undefined,
        { cause: error },
      );
    }
    throw error;
  }

  const check = await checkBackupFile(partial, options);
  if (!check.ok) {
    removeDatabaseFiles(partial);
    log.warn('a fresh backup failed verification', { path: ws.path, problem: check.problem });
    throw new AppError(
      'BACKUP_INVALID',
      `The backup just taken did not verify, so it was discarded: ${check.problem ?? 'unknown problem'}. The workspace itself may be damaged; run a verification.`,
    );
  }
  const { sha256, bytes } = hashFile(partial);
  renameSync(partial, backupFilePath(dir, id));
  const manifest: BackupManifest = {
    format: 'concordat-backup/1',
    id,
    createdAt: at.toISOString(),
    reason,
    workspace: ws.path,
    nodeId: check.nodeId,
    schemaVersion: check.schemaVersion,
    bytes,
    sha256,
    ledgerSize: check.ledgerSize,
    root: check.root,
    checkpoint: check.checkpoint,
    verified: true,
    verifiedAt: now().toISOString(),
    problem: null,
  };
  writeManifest(dir, manifest);
  log.info('backup taken and verified', { path: ws.path, id, ledgerSize: check.ledgerSize });
  if (options.retention !== false) pruneBackups(ws.path, now(), options.retention);
  return manifest;
}

/** Deletes the backups the retention policy no longer keeps; returns their ids. */
export function pruneBackups(
  workspacePath: string,
  now: Date = new Date(),
  policy: RetentionPolicy = defaultRetention,
): string[] {
  const dir = backupsDirFor(workspacePath);
  const pruned = backupsToPrune(listBackupManifests(workspacePath), now, policy);
  for (const backup of pruned) deleteBackup(dir, backup.id);
  return pruned.map((backup) => backup.id);
}

/**
 * Checks an existing backup again (its checksum first: a file that rotted on disk fails at
 * once), records the verdict in its manifest and returns the updated manifest.
 */
export async function verifyBackup(
  workspacePath: string,
  id: string,
  options: BackupCheckOptions & { now?: () => Date } = {},
): Promise<BackupManifest> {
  const manifest = findBackup(workspacePath, id);
  if (!manifest) {
    throw new AppError('NOT_FOUND', `There is no backup ${id} beside ${workspacePath}.`);
  }
  const dir = backupsDirFor(workspacePath);
  const file = backupFilePath(dir, id);
  const verifiedAt = (options.now?.() ?? new Date()).toISOString();
  const { sha256, bytes } = hashFile(file);
  let updated: BackupManifest;
  if (sha256 !== manifest.sha256 || bytes !== manifest.bytes) {
    updated = {
      ...manifest,
      verified: false,
      verifiedAt,
      problem: 'the file changed since the backup was taken (its SHA-256 no longer matches)',
    };
  } else {
    const check = await checkBackupFile(file, options);
    updated = {
      ...manifest,
      nodeId: check.nodeId ?? manifest.nodeId,
      ledgerSize: check.ok ? check.ledgerSize : manifest.ledgerSize,
      root: check.ok ? check.root : manifest.root,
      checkpoint: check.ok ? check.checkpoint : manifest.checkpoint,
      verified: check.ok,
      verifiedAt,
      problem: check.problem,
    };
  }
  writeManifest(dir, updated);
  return updated;
}
