import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { appPath } from '../paths/app-root';

export interface Migration {
  id: number;
  name: string;
  sql: string;
  checksum: string;
}

const fileNamePattern = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function checksumOf(sql: string): string {
  // Line endings are normalised so a checkout with CRLF (Windows) hashes like one with LF.
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Reads `NNNN_name.sql` files. Ids must run 1, 2, 3, ... without gaps or duplicates, so a
 * missing or misnamed file is caught here rather than silently skipped.
 */
export function loadMigrations(dir: string = appPath('migrations')): Migration[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const migrations = files.map((file) => {
    const match = fileNamePattern.exec(file);
    if (!match?.[1] || !match[2]) {
      throw new AppError(
        'MIGRATION_INVALID',
        `Migration file name ${file} must look like 0001_initial.sql.`,
      );
    }
    const sql = readFileSync(join(dir, file), 'utf8');
    return { id: Number(match[1]), name: match[2], sql, checksum: checksumOf(sql) };
  });
  migrations.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new AppError(
        'MIGRATION_INVALID',
        `Migrations must be numbered 1, 2, 3, ... without gaps or duplicates; expected ${index + 1}, found ${migration.id} (${migration.name}).`,
      );
    }
  });
  return migrations;
}

interface AppliedRow {
  id: number;
  name: string;
  checksum: string;
}

function tableExists(sqlite: Database.Database, name: string): boolean {
  return (
    sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}

export function readSchemaVersion(sqlite: Database.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

/**
 * Checks what a workspace has applied against what this build knows, without writing.
 * Returns the migrations still to apply.
 */
export function planMigrations(
  sqlite: Database.Database,
  known: Migration[],
  path: string,
): Migration[] {
  const latestKnown = known.length;
  const userVersion = readSchemaVersion(sqlite);
  const applied = tableExists(sqlite, 'schema_migrations')
    ? (sqlite
        .prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id')
        .all() as AppliedRow[])
    : [];
  const latestApplied = Math.max(userVersion, applied.at(-1)?.id ?? 0);

  if (latestApplied > latestKnown) {
    throw new AppError(
      'WORKSPACE_TOO_NEW',
      `${path} was written by a newer version of Concordat (schema ${latestApplied}; this version knows up to ${latestKnown}). Update Concordat to open it; the file was not changed.`,
    );
  }
  applied.forEach((row, index) => {
    const expected = known[row.id - 1];
    if (!expected) {
      throw new AppError(
        'MIGRATION_UNKNOWN',
        `${path} records migration ${row.id} (${row.name}), which this version of Concordat does not know.`,
      );
    }
    if (row.id !== index + 1) {
      throw new AppError(
        'MIGRATION_MISSING',
        `${path} skipped migration ${index + 1} (${known[index]?.name ?? 'unknown'}) but applied later ones; it cannot be upgraded safely.`,
      );
    }
    if (row.checksum !== expected.checksum || row.name !== expected.name) {
      throw new AppError(
        'MIGRATION_MODIFIED',
        `Migration ${row.id} (${row.name}) applied to ${path} differs from the one this version ships; refusing to continue.`,
      );
    }
  });
  if (applied.length !== userVersion) {
    throw new AppError(
      'MIGRATION_MISSING',
      `${path} has schema version ${userVersion} but records ${applied.length} applied migrations; it was changed outside Concordat.`,
    );
  }
  return known.slice(applied.length);
}

/** Applies each pending migration in its own transaction and records it. */
export function applyMigrations(
  sqlite: Database.Database,
  pending: Migration[],
  now: () => string,
): void {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  for (const migration of pending) {
    const apply = sqlite.transaction(() => {
      sqlite.exec(migration.sql);
      sqlite
        .prepare(
          'INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
        )
        .run(migration.id, migration.name, migration.checksum, now());
      sqlite.pragma(`user_version = ${migration.id}`);
    });
    try {
      apply.immediate();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        'MIGRATION_FAILED',
        `Migration ${migration.id} (${migration.name}) failed and was rolled back: ${(error as Error).message}`,
        undefined,
        { cause: error },
      );
    }
  }
}
