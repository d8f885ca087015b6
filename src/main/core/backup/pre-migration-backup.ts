import { renameSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { createLogger } from '../log/logger';
import {
  backupFilePath,
  type BackupManifest,
  ensureBackupsDir,
  hashFile,
  newBackupId,
  removeDatabaseFiles,
  syncFile,
  writeManifest,
} from './backup-files';

const log = createLogger('backup');

function optionalValue<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    // A table the old schema does not have yet.
    return null;
  }
}

/**
 * Copies a workspace before its schema is upgraded, on the connection that is about to migrate
 * it: `VACUUM INTO` writes a consistent copy in one read transaction, synchronously (opening a
 * workspace is synchronous). The copy is recorded unverified, at its old schema; verifying it
 * (which migrates a scratch copy) happens after the open, in the background or with
 * `concordat backup verify`, and restore verifies it again. When no copy can be made the
 * upgrade does not happen.
 */
export function backupBeforeMigration(
  sqlite: Database.Database,
  workspacePath: string,
  options: { fromVersion: number; now?: () => Date },
): BackupManifest {
  const at = options.now?.() ?? new Date();
  let partial: string | undefined;
  try {
    const dir = ensureBackupsDir(workspacePath);
    const id = newBackupId(dir, 'pre-migration', at);
    partial = `${backupFilePath(dir, id)}.partial`;
    removeDatabaseFiles(partial);
    sqlite.prepare('VACUUM INTO ?').run(partial);
    syncFile(partial);
    const { sha256, bytes } = hashFile(partial);
    renameSync(partial, backupFilePath(dir, id));
    const manifest: BackupManifest = {
      format: 'concordat-backup/1',
      id,
      createdAt: at.toISOString(),
      reason: 'pre-migration',
      workspace: workspacePath,
      nodeId: optionalValue(
        () =>
          (sqlite.prepare('SELECT node_id FROM node LIMIT 1').pluck().get() as
            string | undefined) ?? null,
      ),
      schemaVersion: options.fromVersion,
      bytes,
      sha256,
      ledgerSize: null,
      root: null,
      checkpoint: null,
      verified: false,
      verifiedAt: null,
      problem: null,
    };
    writeManifest(dir, manifest);
    log.info('backed up before migrating', { path: workspacePath, id });
    return manifest;
  } catch (error) {
    if (partial) removeDatabaseFiles(partial);
    const full =
      (error as { code?: unknown }).code === 'SQLITE_FULL' ||
      (error as { code?: unknown }).code === 'ENOSPC';
    throw new AppError(
      full ? 'WORKSPACE_FULL' : 'MIGRATION_FAILED',
      `Concordat did not upgrade ${workspacePath} because it could not first back it up (${(error as Error).message}). ${full ? 'The disk is full; free some space and open it again.' : 'Check that the folder beside it can be written.'} The workspace was not changed.`,
      undefined,
      { cause: error },
    );
  }
}
