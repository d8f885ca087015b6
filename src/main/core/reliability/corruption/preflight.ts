import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { AppError } from '../../../../shared/errors';
import {
  looksLikeBtreePage,
  parseSqliteHeader,
  SQLITE_HEADER_BYTES,
  type SqliteHeader,
} from './sqlite-header';
import { readWalIndexHeader, walFramesMissing } from './wal-index';

/** `PRAGMA application_id` of every Concordat workspace ('Conc'), so we can tell ours apart. */
export const CONCORDAT_APPLICATION_ID = 0x436f6e63;

/** The files SQLite keeps beside a WAL-mode database. */
export const SIDE_FILE_SUFFIXES = ['-wal', '-shm'] as const;

export type PreflightResult =
  { state: 'absent' } | { state: 'present'; header: SqliteHeader; walBytes: number | undefined };

function sizeOf(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * No workspace at `path` yet (a first start): neither the file nor a -wal with anything in it.
 * A -wal with content and no file is damage, which preflightWorkspaceFiles reports.
 */
export function isAbsentWorkspace(path: string): boolean {
  return !existsSync(path) && (sizeOf(`${path}-wal`) ?? 0) === 0;
}

function readAt(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

function readFileHead(path: string, length: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return readAt(fd, length, 0);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const CANDIDATE_PAGE_SIZES = [4096, 1024, 2048, 8192, 16384, 32768, 65536, 512];
const SAMPLED_PAGES = 32;

/**
 * Whether a file without SQLite's magic still has SQLite's page structure (or our application
 * id): a workspace whose header was overwritten, rather than some other kind of file.
 */
function looksLikeDamagedDatabase(path: string, head: Buffer, size: number): boolean {
  if (head.length >= 72 && head.readUInt32BE(68) === CONCORDAT_APPLICATION_ID) return true;
  const fd = openSync(path, 'r');
  try {
    for (const pageSize of CANDIDATE_PAGE_SIZES) {
      const pages = size / pageSize;
      if (!Number.isInteger(pages) || pages < 2) continue;
      const step = Math.max(1, Math.floor((pages - 1) / SAMPLED_PAGES));
      let sampled = 0;
      let btree = 0;
      for (let page = 1; page < pages && sampled < SAMPLED_PAGES; page += step) {
        sampled += 1;
        if (looksLikeBtreePage(readAt(fd, pageSize, page * pageSize), pageSize)) btree += 1;
      }
      if (btree >= Math.max(1, Math.ceil(sampled / 2))) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

function damaged(path: string, what: string): AppError {
  return new AppError(
    'WORKSPACE_CORRUPT',
    `The workspace ${path} is damaged: ${what}. Restore it from a verified backup.`,
  );
}

/**
 * Checks a workspace's files before SQLite opens them, which could otherwise rebuild (and so
 * erase) the evidence of a lost write-ahead log, or quietly read a cut-short file:
 * a missing file whose -wal remains; an empty file; a file that is not SQLite, or is SQLite
 * with a damaged header; a -shm that names committed frames the -wal no longer holds; a file
 * shorter than its header says. Throws the problem with its stable code; reads only.
 */
export function preflightWorkspaceFiles(path: string): PreflightResult {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if ((sizeOf(`${path}-wal`) ?? 0) > 0) {
      throw damaged(
        path,
        `the file is missing but its write-ahead log (${path}-wal) is still there, so the changes it holds have no database to belong to`,
      );
    }
    return { state: 'absent' };
  }
  if (!stats.isFile()) {
    throw new AppError(
      'WORKSPACE_NOT_SQLITE',
      `${path} is not a file; point --db at a Concordat workspace file.`,
    );
  }
  if (stats.size === 0) throw damaged(path, 'the file is empty (0 bytes)');

  const head = readFileHead(path, SQLITE_HEADER_BYTES) ?? Buffer.alloc(0);
  const verdict = parseSqliteHeader(head);
  if (verdict.kind === 'not-sqlite') {
    if (stats.size >= 1024 && looksLikeDamagedDatabase(path, head, stats.size)) {
      throw damaged(path, 'its first bytes (the SQLite header) were overwritten');
    }
    throw new AppError(
      'WORKSPACE_NOT_SQLITE',
      `${path} is not a Concordat workspace (it is not an SQLite database).`,
    );
  }
  if (verdict.kind === 'damaged') throw damaged(path, verdict.reason);
  const { header } = verdict;

  // The -shm before the -wal: a writer extends the -wal before it updates the index, so a live
  // connection elsewhere never makes the index look ahead of the log.
  const shm = readFileHead(`${path}-shm`, 136);
  const walBytes = sizeOf(`${path}-wal`);
  const index = shm ? readWalIndexHeader(shm) : undefined;
  if (index && walFramesMissing(index, walBytes)) {
    throw damaged(
      path,
      walBytes === undefined
        ? `its write-ahead log (${path}-wal) was deleted while it held ${index.maxFrame - index.backfilled} committed page writes, so its latest changes are lost`
        : `its write-ahead log (${path}-wal) was cut short and lost committed changes`,
    );
  }
  // With committed frames in the -wal, the database file alone may legitimately lag behind.
  if (!walBytes) {
    if (stats.size % header.pageSize !== 0 || stats.size < header.pageSize) {
      throw damaged(path, 'the file was cut short in the middle of a page');
    }
    const pages = stats.size / header.pageSize;
    if (header.pageCountValid && header.pageCount > pages) {
      throw damaged(
        path,
        `the file was cut short (its header counts ${header.pageCount} pages, the file holds ${pages})`,
      );
    }
  }
  return { state: 'present', header, walBytes };
}
