import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { keyFilePath, keyFileVkey } from '../keys/node-key-file';
import { createLogger } from '../log/logger';
import { verifyLedgerFile } from '../ledger-store/verify-parallel';
import type { VerificationReport } from '../ledger-store/verification-report';
import { describeFault } from '../reliability/corruption/open-check';
import { SIDE_FILE_SUFFIXES } from '../reliability/corruption/preflight';
import { moveAside } from '../reliability/corruption/quarantine';
import {
  clearRecoveryMarker,
  writeRecoveryMarker,
} from '../reliability/corruption/recovery-marker';
import { Workspace } from '../workspace/workspace';
import {
  backupFilePath,
  type BackupManifest,
  backupsDirFor,
  removeDatabaseFiles,
  syncFile,
  writeRestoreRecord,
} from './backup-files';
import { verifyBackup } from './create-backup';
import type { BackupCheckOptions } from './verify-backup';

const log = createLogger('backup');

export interface RestoreOutcome {
  backup: BackupManifest;
  /** Where the files the backup replaced went (beside the workspace, never deleted). */
  movedAside: string[];
  /** The restored workspace's verification (levels 1 and 2). */
  report: VerificationReport;
}

type RestoreOptions = BackupCheckOptions & { now?: () => Date };

/**
 * Checks a backup before it replaces anything: it must exist and verify again now (checksum,
 * integrity, ledger). Refused as NOT_FOUND or BACKUP_INVALID; the workspace is not touched.
 */
export async function checkBeforeRestore(
  workspacePath: string,
  id: string,
  options: RestoreOptions = {},
): Promise<BackupManifest> {
  const backup = await verifyBackup(workspacePath, id, options);
  if (!backup.verified) {
    throw new AppError(
      'BACKUP_INVALID',
      `Backup ${id} did not verify, so it was not restored: ${backup.problem ?? 'unknown problem'}.`,
    );
  }
  requireCurrentKeyRegistered(workspacePath, backup, options);
  return backup;
}

/**
 * A backup from before the node's key was rotated registers the old key, which the rotation
 * deleted: restored, the workspace could no longer sign (and would not unlock). Refused with
 * the reason, before anything moves, so the operator picks a later backup.
 */
function requireCurrentKeyRegistered(
  workspacePath: string,
  backup: BackupManifest,
  options: RestoreOptions,
): void {
  const keyFile = keyFilePath(workspacePath);
  const current = keyFileVkey(keyFile);
  if (current === null) return;
  const sqlite = new Database(backupFilePath(backupsDirFor(workspacePath), backup.id), {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  let registered: string[];
  try {
    registered = sqlite.prepare('SELECT vkey FROM node_key').pluck().all() as string[];
  } finally {
    sqlite.close();
  }
  if (!registered.includes(current)) {
    throw new AppError(
      'BACKUP_INVALID',
      `Backup ${backup.id} was taken before this node's signing key was rotated: its ledger does not register the key in ${keyFile}, so the restored workspace could not sign. Restore a backup taken after the rotation.`,
    );
  }
}

/**
 * Puts a backup in place of the workspace at `workspacePath`, which must not be open. The
 * backup is verified again first (checksum, integrity, ledger) and refused as BACKUP_INVALID
 * when it fails. Its bytes are copied beside the workspace and synced before anything moves;
 * then the current files (if any) are moved aside as `<name>.replaced-<stamp>`, the copy is
 * renamed into place, opened (an older backup is upgraded to this version's schema) and
 * verified. Backups taken before the restore stay, but no longer count as this history's.
 */
export async function restoreBackup(
  workspacePath: string,
  id: string,
  options: RestoreOptions = {},
): Promise<RestoreOutcome> {
  return putBackupInPlace(
    workspacePath,
    await checkBeforeRestore(workspacePath, id, options),
    options,
  );
}

/** The second half of restoreBackup, for a backup checkBeforeRestore has just passed. */
export async function putBackupInPlace(
  workspacePath: string,
  backup: BackupManifest,
  options: RestoreOptions = {},
): Promise<RestoreOutcome> {
  const now = options.now ?? (() => new Date());
  const { id } = backup;
  const source = backupFilePath(backupsDirFor(workspacePath), id);
  const incoming = `${workspacePath}.restoring-${randomBytes(4).toString('hex')}`;
  let movedAside: string[] = [];
  try {
    copyFileSync(source, incoming);
    syncFile(incoming);
    if ([workspacePath, ...SIDE_FILE_SUFFIXES.map((s) => workspacePath + s)].some(existsSync)) {
      movedAside = moveAside(workspacePath, 'replaced', now());
    }
    renameSync(incoming, workspacePath);
  } catch (error) {
    removeDatabaseFiles(incoming);
    const failure = new AppError(
      (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'WORKSPACE_FULL' : 'WORKSPACE_READ_ONLY',
      `Backup ${id} could not be put in place (${(error as Error).message}).${movedAside.length > 0 ? ` The files it was to replace are at ${movedAside.join(', ')}.` : ''}`,
      undefined,
      { cause: error },
    );
    // The workspace's path is empty now: the next start must show recovery, not a first start.
    if (movedAside.length > 0) {
      writeRecoveryMarker(workspacePath, {
        code: failure.code,
        message: failure.message,
        movedAside,
        detectedAt: now().toISOString(),
      });
    }
    throw failure;
  }
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  // The backup is itself the copy an upgrade would otherwise take first.
  Workspace.open(workspacePath, { backupBeforeMigration: false, ...binding }).close();
  const report = await verifyLedgerFile(workspacePath, {
    deep: options.deep ?? false,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...binding,
  });
  if (!report.ok) {
    throw new AppError(
      'BACKUP_INVALID',
      `The restored workspace did not verify: ${describeFault(report)}.`,
    );
  }
  writeRestoreRecord(workspacePath, { id, at: now().toISOString() });
  clearRecoveryMarker(workspacePath);
  log.info('workspace restored from backup', { path: workspacePath, id, movedAside });
  return { backup, movedAside, report };
}
