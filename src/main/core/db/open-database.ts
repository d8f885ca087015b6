import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ReadOnlyReason } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import { backupBeforeMigration } from '../backup/pre-migration-backup';
import { createLogger } from '../log/logger';
import {
  CONCORDAT_APPLICATION_ID,
  preflightWorkspaceFiles,
} from '../reliability/corruption/preflight';
import {
  applyMigrations,
  loadMigrations,
  type Migration,
  planMigrations,
  readSchemaVersion,
} from './migrations';
import { translateSqliteError } from './sqlite-errors';

export { CONCORDAT_APPLICATION_ID };
const log = createLogger('db');
/** Largest workspace read into memory when read-only storage leaves SQLite no room for its -shm. */
const MAX_IN_MEMORY_BYTES = 1024 * 1024 * 1024;

export interface OpenDatabaseOptions {
  /** Create the file when it does not exist (only `init` and first start do this). */
  create?: boolean;
  /**
   * Open without writing. Without it, a workspace whose file or folder cannot be written (file
   * mode, read-only folder or medium) still opens, read-only.
   */
  readOnly?: boolean;
  /** How long a write waits for another connection's lock before failing as WORKSPACE_LOCKED. */
  busyTimeoutMs?: number;
  /** Path to a better-sqlite3 addon built for this runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  migrations?: Migration[];
  now?: () => string;
  /**
   * Copy the workspace into its backups folder before applying pending migrations (default).
   * Off only for scratch copies that are themselves backups.
   */
  backupBeforeMigration?: boolean;
}

export interface OpenedDatabase {
  sqlite: Database.Database;
  schemaVersion: number;
  readOnly: boolean;
  /** Why it is read-only, when it is. */
  readOnlyReason?: ReadOnlyReason;
}

/** Whether this process may write `path`; a file or folder without write bits counts as not. */
function canWrite(path: string): boolean {
  try {
    // Root may write anything; a file the operator marked read-only (0444) is still read-only.
    if ((statSync(path).mode & 0o222) === 0) return false;
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A workspace SQLite cannot write: its file, or the folder its -wal and -shm live in. */
export function isReadOnlyStorage(path: string): boolean {
  return !canWrite(path) || !canWrite(dirname(path));
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Opens read-only. A WAL-mode file on storage where SQLite cannot create its -shm (a read-only
 * folder or medium) cannot be read in place; when its -wal holds nothing, the file is read into
 * memory instead (marked as a rollback-journal file there; the file itself is untouched).
 */
function openReadOnlyConnection(path: string, options: OpenDatabaseOptions): Database.Database {
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const sqlite = new Database(path, {
    readonly: true,
    fileMustExist: true,
    timeout: options.busyTimeoutMs ?? 5000,
    ...binding,
  });
  try {
    sqlite.pragma('schema_version', { simple: true });
    return sqlite;
  } catch (error) {
    sqlite.close();
    if (!sqliteCode(error)?.startsWith('SQLITE_CANTOPEN') || !isReadOnlyStorage(path)) throw error;
  }
  if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0) {
    throw new AppError(
      'WORKSPACE_READ_ONLY',
      `${path} is on read-only storage and has changes in its write-ahead log (${path}-wal) that SQLite cannot read there. Copy the workspace with its -wal file to writable storage to open it.`,
    );
  }
  if (statSync(path).size > MAX_IN_MEMORY_BYTES) {
    throw new AppError(
      'WORKSPACE_READ_ONLY',
      `${path} is on read-only storage and too large to read into memory; copy it to writable storage to open it.`,
    );
  }
  const image = readFileSync(path);
  // Bytes 18 and 19: file format write/read version; 1 = rollback journal (no -shm needed).
  image[18] = 1;
  image[19] = 1;
  log.info('opened from read-only storage into memory', { path });
  return new Database(image, { readonly: true, ...binding });
}

function isEmptyDatabase(sqlite: Database.Database): boolean {
  return sqlite.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get() === undefined;
}

/**
 * Opens (or creates) a workspace database: checks it is ours and not from a newer version
 * before writing anything, sets the connection pragmas, then applies pending migrations.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const exists = existsSync(path);
  if (!exists && !options.create) {
    // A workspace file that is gone while its -wal remains is damage, not a first start.
    preflightWorkspaceFiles(path);
    throw new AppError(
      'WORKSPACE_NOT_FOUND',
      `No workspace at ${path}. Create one with \`concordat init --db ${path} ...\`.`,
    );
  }
  // Before SQLite opens it: SQLite would rebuild a -shm that proves a -wal was lost.
  if (exists && !(options.create && statSync(path).size === 0)) preflightWorkspaceFiles(path);

  let readOnlyReason: ReadOnlyReason | undefined;
  if (options.readOnly) readOnlyReason = 'requested';
  else if (exists && isReadOnlyStorage(path)) readOnlyReason = 'storage';
  const readOnly = readOnlyReason !== undefined;
  let sqlite: Database.Database | undefined;
  try {
    sqlite = readOnly
      ? openReadOnlyConnection(path, options)
      : new Database(path, {
          fileMustExist: !options.create,
          timeout: options.busyTimeoutMs ?? 5000,
          ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        });
    const applicationId = sqlite.pragma('application_id', { simple: true }) as number;
    const fresh = applicationId === 0 && isEmptyDatabase(sqlite);
    if (applicationId !== CONCORDAT_APPLICATION_ID && !(fresh && options.create)) {
      throw new AppError(
        'WORKSPACE_NOT_CONCORDAT',
        `${path} is an SQLite database but not a Concordat workspace; it was not changed.`,
      );
    }

    const pending = planMigrations(sqlite, options.migrations ?? loadMigrations(), path);
    if (readOnly) {
      if (pending.length > 0) {
        throw new AppError(
          'WORKSPACE_READ_ONLY',
          `${path} needs upgrading to this version's schema, which a read-only workspace cannot do.`,
        );
      }
      sqlite.pragma('query_only = ON');
    } else {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
      if (fresh) sqlite.pragma(`application_id = ${CONCORDAT_APPLICATION_ID}`);
      if (pending.length > 0) {
        if (!fresh && options.backupBeforeMigration !== false) {
          backupBeforeMigration(sqlite, path, { fromVersion: readSchemaVersion(sqlite) });
        }
        log.info('applying migrations', { path, count: pending.length });
        applyMigrations(sqlite, pending, options.now ?? (() => new Date().toISOString()));
      }
    }
    sqlite.pragma('foreign_keys = ON');
    // 64 MiB of page cache instead of SQLite's 2 MiB: the catalog's sorted, filtered pages
    // over 100,000 datasets then come from memory after the first look.
    sqlite.pragma('cache_size = -65536');
    return {
      sqlite,
      schemaVersion: readSchemaVersion(sqlite),
      readOnly,
      ...(readOnlyReason ? { readOnlyReason } : {}),
    };
  } catch (error) {
    sqlite?.close();
    throw translateSqliteError(error, path);
  }
}
