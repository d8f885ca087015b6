import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { createLogger } from '../log/logger';
import {
  applyMigrations,
  loadMigrations,
  type Migration,
  planMigrations,
  readSchemaVersion,
} from './migrations';
import { translateSqliteError } from './sqlite-errors';

/** `PRAGMA application_id` of every Concordat workspace ('Conc'), so we can tell ours apart. */
export const CONCORDAT_APPLICATION_ID = 0x436f6e63;
const SQLITE_MAGIC = 'SQLite format 3\0';
const log = createLogger('db');

export interface OpenDatabaseOptions {
  /** Create the file when it does not exist (only `init` and first start do this). */
  create?: boolean;
  readOnly?: boolean;
  /** How long a write waits for another connection's lock before failing as WORKSPACE_LOCKED. */
  busyTimeoutMs?: number;
  /** Path to a better-sqlite3 addon built for this runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  migrations?: Migration[];
  now?: () => string;
}

export interface OpenedDatabase {
  sqlite: Database.Database;
  schemaVersion: number;
  readOnly: boolean;
}

/** Refuses anything that is not an SQLite file before SQLite itself gets to touch it. */
function checkFileHeader(path: string): void {
  const stats = statSync(path);
  if (!stats.isFile()) {
    throw new AppError(
      'WORKSPACE_NOT_SQLITE',
      `${path} is not a file; point --db at a Concordat workspace file.`,
    );
  }
  if (stats.size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (stats.size < 100 || header.toString('latin1') !== SQLITE_MAGIC) {
    throw new AppError(
      'WORKSPACE_NOT_SQLITE',
      `${path} is not a Concordat workspace (it is not an SQLite database).`,
    );
  }
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
    throw new AppError(
      'WORKSPACE_NOT_FOUND',
      `No workspace at ${path}. Create one with \`concordat init --db ${path} ...\`.`,
    );
  }
  if (exists) checkFileHeader(path);

  const readOnly = options.readOnly ?? false;
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path, {
      readonly: readOnly,
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
        log.info('applying migrations', { path, count: pending.length });
        applyMigrations(sqlite, pending, options.now ?? (() => new Date().toISOString()));
      }
    }
    sqlite.pragma('foreign_keys = ON');
    // 64 MiB of page cache instead of SQLite's 2 MiB: the catalog's sorted, filtered pages
    // over 100,000 datasets then come from memory after the first look.
    sqlite.pragma('cache_size = -65536');
    return { sqlite, schemaVersion: readSchemaVersion(sqlite), readOnly };
  } catch (error) {
    sqlite?.close();
    throw translateSqliteError(error, path);
  }
}
