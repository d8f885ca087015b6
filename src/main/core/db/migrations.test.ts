import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir';
import { Workspace } from '../workspace/workspace';
import { checksumOf, loadMigrations, type Migration } from './migrations';
import { openDatabase } from './open-database';
import { thrownCode } from '../testing/thrown-code';

const tempDir = useTempDir();

function migration(id: number, name: string, sql: string): Migration {
  return { id, name, sql, checksum: checksumOf(sql) };
}

const m1 = migration(1, 'first', 'CREATE TABLE a (x TEXT) STRICT;');
const m2 = migration(2, 'second', 'CREATE TABLE b (y TEXT) STRICT;');
const m3 = migration(3, 'third', 'CREATE TABLE c (z TEXT) STRICT;');

function newDb(migrations: Migration[]): string {
  const path = join(tempDir(), 'w.concordat');
  openDatabase(path, { create: true, migrations }).sqlite.close();
  return path;
}

function applied(path: string): { id: number; name: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as {
      id: number;
      name: string;
    }[];
  } finally {
    db.close();
  }
}

describe('migration runner', () => {
  it('applies pending migrations in order, records each and sets user_version', () => {
    const path = newDb([m1]);
    const { sqlite, schemaVersion } = openDatabase(path, { migrations: [m1, m2, m3] });
    sqlite.close();
    expect(schemaVersion).toBe(3);
    expect(applied(path)).toEqual([
      { id: 1, name: 'first' },
      { id: 2, name: 'second' },
      { id: 3, name: 'third' },
    ]);
  });

  it('refuses a workspace written by a newer version, without changing it', () => {
    const path = newDb([m1, m2, m3]);
    expect(thrownCode(() => openDatabase(path, { migrations: [m1, m2] }))).toBe(
      'WORKSPACE_TOO_NEW',
    );
    expect(applied(path)).toHaveLength(3);
  });

  it('refuses a workspace that records a migration this version does not know', () => {
    const path = newDb([m1, m2]);
    const renamed = migration(2, 'other', m2.sql);
    expect(thrownCode(() => openDatabase(path, { migrations: [m1, renamed, m3] }))).toBe(
      'MIGRATION_MODIFIED',
    );
  });

  it('refuses a migration whose applied text differs from the shipped one', () => {
    const path = newDb([m1, m2]);
    const edited = migration(2, 'second', 'CREATE TABLE b (y TEXT, extra TEXT) STRICT;');
    expect(thrownCode(() => openDatabase(path, { migrations: [m1, edited] }))).toBe(
      'MIGRATION_MODIFIED',
    );
  });

  it('refuses a workspace with a gap in its applied migrations', () => {
    const path = newDb([m1, m2]);
    const db = new Database(path);
    db.prepare('DELETE FROM schema_migrations WHERE id = 1').run();
    db.close();
    expect(thrownCode(() => openDatabase(path, { migrations: [m1, m2, m3] }))).toBe(
      'MIGRATION_MISSING',
    );
  });

  it('refuses a workspace whose user_version disagrees with its record', () => {
    const path = newDb([m1, m2]);
    const db = new Database(path);
    db.pragma('user_version = 1');
    db.close();
    expect(thrownCode(() => openDatabase(path, { migrations: [m1, m2] }))).toBe(
      'MIGRATION_MISSING',
    );
  });

  it('rolls back a failing migration completely and reports it', () => {
    const path = newDb([m1]);
    const broken = migration(
      2,
      'broken',
      'CREATE TABLE d (x TEXT) STRICT; INSERT INTO nowhere VALUES (1);',
    );
    expect(thrownCode(() => openDatabase(path, { migrations: [m1, broken] }))).toBe(
      'MIGRATION_FAILED',
    );
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'd'").get()).toBeUndefined();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
    expect(applied(path)).toEqual([{ id: 1, name: 'first' }]);
  });

  it('treats CRLF and LF checkouts of the same migration as identical', () => {
    expect(checksumOf('A;\r\nB;\r\n')).toBe(checksumOf('A;\nB;\n'));
  });

  describe('loading files', () => {
    function dirWith(files: Record<string, string>): string {
      const dir = join(tempDir(), 'migrations');
      mkdirSync(dir);
      for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
      return dir;
    }

    it('loads numbered files in order', () => {
      const dir = dirWith({ '0002_b.sql': 'B;', '0001_a.sql': 'A;' });
      expect(loadMigrations(dir).map((m) => [m.id, m.name])).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
    });

    it('refuses gaps, duplicates and badly named files', () => {
      expect(
        thrownCode(() => loadMigrations(dirWith({ '0001_a.sql': 'A;', '0003_c.sql': 'C;' }))),
      ).toBe('MIGRATION_INVALID');
      expect(
        thrownCode(() => loadMigrations(dirWith({ '0001_a.sql': 'A;', '0001_b.sql': 'B;' }))),
      ).toBe('MIGRATION_INVALID');
      expect(thrownCode(() => loadMigrations(dirWith({ 'initial.sql': 'A;' })))).toBe(
        'MIGRATION_INVALID',
      );
    });

    it('ships a valid, contiguous set of migrations', () => {
      const shipped = loadMigrations();
      expect(shipped.length).toBeGreaterThan(0);
      shipped.forEach((m, i) => expect(m.id).toBe(i + 1));
    });
  });

  it('upgrades a real workspace to the shipped schema on open', () => {
    const ws = Workspace.create(join(tempDir(), 'x.concordat'), {
      organisation: 'A',
      operator: 'B',
      roles: ['steward'],
    });
    expect(ws.schemaVersion).toBe(loadMigrations().length);
    ws.close();
  });
});
