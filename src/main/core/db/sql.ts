import type Database from 'better-sqlite3';
import {
  type Compilable,
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

export function run(sqlite: Database.Database, query: Compilable): Database.RunResult {
  const compiled = query.compile();
  return prepare(sqlite, compiled.sql).run(...compiled.parameters);
}
