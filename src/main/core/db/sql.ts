import type Database from 'better-sqlite3';
import {
  type Compilable,
  type Insertable,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { DB } from './schema';

/**
 * Kysely builds and types the queries; better-sqlite3 runs them synchronously. Writes must run
 * inside one synchronous SQLite transaction (ARCHITECTURE.md §2), which Kysely's async driver
 * cannot give us, so we only ask Kysely to compile.
 */
export const qb = new Kysely<DB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

type Row<Q> = Q extends Compilable<infer R> ? R : never;

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepare(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(sqlite);
  if (!cache) {
    cache = new Map();
    statementCache.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

export function all<Q extends Compilable>(sqlite: Database.Database, query: Q): Row<Q>[] {
  const compiled = query.compile();
  return prepare(sqlite, compiled.sql).all(...compiled.parameters) as Row<Q>[];
}

export function first<Q extends Compilable>(
  sqlite: Database.Database,
  query: Q,
): Row<Q> | undefined {
  const compiled = query.compile();
  return prepare(sqlite, compiled.sql).get(...compiled.parameters) as Row<Q> | undefined;
}

/**
 * Inserts one row, by column name, with a statement prepared once per table and column set.
 * For the appliers' hot path (an import writes thousands of rows in one transaction), where
 * compiling a Kysely query per row costs more than SQLite's own work. Typed like Kysely's
 * insert; table and column names come from the schema types, never from input.
 */
export function insertRow<T extends keyof DB>(
  sqlite: Database.Database,
  table: T,
  values: Insertable<DB[T]>,
): Database.RunResult {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const sql = `INSERT INTO "${table}" (${entries.map(([column]) => `"${column}"`).join(', ')}) VALUES (${entries.map(() => '?').join(', ')})`;
  return prepare(sqlite, sql).run(...entries.map(([, value]) => value));
}

/** Runs a statement written by hand (virtual tables Kysely has no types for), prepared once. */
export function runRaw(sqlite: Database.Database, sql: string, ...parameters: unknown[]): void {
  prepare(sqlite, sql).run(...parameters);
}

export function run(sqlite: Database.Database, query: Compilable): Database.RunResult {
  const compiled = query.compile();
  return prepare(sqlite, compiled.sql).run(...compiled.parameters);
}
