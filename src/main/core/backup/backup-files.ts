import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  backupIdSchema,
  backupReasonSchema,
  type BackupReason,
  type BackupSummary,
  backupSummarySchema,
} from '../../../shared/contract/backup-channels';
import { fileStamp } from '../reliability/corruption/quarantine';

/**
 * Backups live in a folder beside the workspace: `<workspace>.backups/<id>.concordat`, each
 * with `<id>.json`, its manifest. A backup counts only once its manifest says it verified.
 */
export function backupsDirFor(workspacePath: string): string {
  return `${workspacePath}.backups`;
}

export const BACKUP_FILE_SUFFIX = '.concordat';
const MANIFEST_SUFFIX = '.json';

const backupManifestSchema = backupSummarySchema.extend({
  format: z.literal('concordat-backup/1'),
  reason: backupReasonSchema,
  /** The workspace it was taken from, as that path was then. */
  workspace: z.string(),
  nodeId: z.string().nullable(),
  /** SHA-256 of the file: a backup that rotted on disk no longer matches. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Lowercase hex RFC 6962 root of the ledger at `ledgerSize`. */
  root: z.string().nullable(),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export function backupFilePath(dir: string, id: string): string {
  return join(dir, id + BACKUP_FILE_SUFFIX);
}

function manifestPath(dir: string, id: string): string {
  return join(dir, id + MANIFEST_SUFFIX);
}

/** A fresh id for a backup taken now; never one already in `dir`. */
export function newBackupId(dir: string, reason: BackupReason, at: Date): string {
  const stamp = fileStamp(at);
  let id = `${stamp}-${reason}`;
  for (let n = 2; existsSync(backupFilePath(dir, id)) || existsSync(manifestPath(dir, id)); n++) {
    id = `${stamp}-${n}-${reason}`;
  }
  return id;
}

/** Writes the file under a temporary name, syncs it, then renames it into place. */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, text);
  const fd = openSync(temporary, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export function writeManifest(dir: string, manifest: BackupManifest): void {
  writeFileAtomically(
    manifestPath(dir, manifest.id),
    `${JSON.stringify(backupManifestSchema.parse(manifest), null, 2)}\n`,
  );
}

function readManifest(dir: string, id: string): BackupManifest | undefined {
  try {
    const parsed = backupManifestSchema.safeParse(
      JSON.parse(readFileSync(manifestPath(dir, id), 'utf8')),
    );
    return parsed.success && parsed.data.id === id ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Every backup whose manifest and file are both there, newest first. */
export function listBackupManifests(workspacePath: string): BackupManifest[] {
  const dir = backupsDirFor(workspacePath);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const manifests: BackupManifest[] = [];
  for (const name of names) {
    if (!name.endsWith(MANIFEST_SUFFIX)) continue;
    const id = name.slice(0, -MANIFEST_SUFFIX.length);
    if (!backupIdSchema.safeParse(id).success) continue;
    const manifest = readManifest(dir, id);
    if (manifest && existsSync(backupFilePath(dir, id))) manifests.push(manifest);
  }
  return manifests.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export function findBackup(workspacePath: string, id: string): BackupManifest | undefined {
  if (!backupIdSchema.safeParse(id).success) return undefined;
  const dir = backupsDirFor(workspacePath);
  const manifest = readManifest(dir, id);
  return manifest && existsSync(backupFilePath(dir, id)) ? manifest : undefined;
}

/** What the app and the CLI show of a backup. */
export function summaryOf(manifest: BackupManifest): BackupSummary {
  return backupSummarySchema.parse({
    id: manifest.id,
    createdAt: manifest.createdAt,
    reason: manifest.reason,
    bytes: manifest.bytes,
    schemaVersion: manifest.schemaVersion,
    ledgerSize: manifest.ledgerSize,
    checkpoint: manifest.checkpoint,
    verified: manifest.verified,
    verifiedAt: manifest.verifiedAt,
    problem: manifest.problem,
  });
}

/** Removes a backup's file and manifest (retention only; damaged workspaces are never deleted). */
export function deleteBackup(dir: string, id: string): void {
  rmSync(manifestPath(dir, id), { force: true });
  removeDatabaseFiles(backupFilePath(dir, id));
}

/** A database file of ours (a partial backup, a scratch copy) with its journal files. */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

export function ensureBackupsDir(workspacePath: string): string {
  const dir = backupsDirFor(workspacePath);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** SHA-256 and size of a file, read in chunks. */
export function hashFile(path: string): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      hash.update(chunk.subarray(0, read));
      bytes += read;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Flushes a file's bytes to disk before it is renamed into place. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The record of the last restore: backups taken before it describe another history. */
const restoreRecordSchema = z.strictObject({ id: z.string(), at: z.string() });
export type RestoreRecord = z.infer<typeof restoreRecordSchema>;
const RESTORE_RECORD = 'last-restore.json';

export function writeRestoreRecord(workspacePath: string, record: RestoreRecord): void {
  const dir = ensureBackupsDir(workspacePath);
  writeFileAtomically(join(dir, RESTORE_RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

export function readRestoreRecord(workspacePath: string): RestoreRecord | undefined {
  try {
    const parsed = restoreRecordSchema.safeParse(
      JSON.parse(readFileSync(join(backupsDirFor(workspacePath), RESTORE_RECORD), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
