import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, loadMigrations } from './migrations';
import { bookkeepingTables, ledgerTableSpecs, searchIndexTables, tableSpecs } from './schema';

interface ColumnInfo {
  name: string;
  type: string;
  notnull: 0 | 1;
  pk: number;
}

/** What the shipped migrations really create, read back from SQLite. */
function migratedSchema(): Map<string, ColumnInfo[]> {
  const sqlite = new Database(':memory:');
  applyMigrations(sqlite, loadMigrations(), () => '2026-01-01T00:00:00Z');
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string }[];
  const schema = new Map(
    tables.map(({ name }) => [name, sqlite.pragma(`table_info(${name})`) as ColumnInfo[]]),
  );
  sqlite.close();
  return schema;
}

describe('the typed DB description', () => {
  const schema = migratedSchema();

  it('names exactly the tables the migrations create', () => {
    const projectionTables = [...schema.keys()].filter(
      (name) => !([...bookkeepingTables, ...searchIndexTables] as readonly string[]).includes(name),
    );
    expect(projectionTables.sort()).toEqual(
      [...Object.keys(tableSpecs), ...Object.keys(ledgerTableSpecs)].sort(),
    );
  });

  it.each(Object.entries({ ...tableSpecs, ...ledgerTableSpecs }))(
    'matches the columns of %s',
    (table, columns) => {
      const actual = schema.get(table) ?? [];
      expect(
        actual.map((c) => ({
          name: c.name,
          type: c.type,
          // A primary key is never null (an INTEGER one aliases the rowid).
          notNull: c.notnull === 1 || c.pk > 0,
        })),
      ).toEqual(
        Object.entries(columns).map(
          ([name, spec]: [string, { type: string; notNull: boolean }]) => ({
            name,
            type: spec.type,
            notNull: spec.notNull,
          }),
        ),
      );
    },
  );
});
