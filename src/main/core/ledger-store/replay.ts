import { Buffer } from 'node:buffer';
import Database from 'better-sqlite3';
import { applyEvent } from '../commands/appliers';
import type { DomainEvent } from '../commands/events';
import { applyMigrations, loadMigrations } from '../db/migrations';
import { tableSpecs, type ProjectionTable } from '../db/schema';
import { parseCanonicalJson } from '../ledger/canonical-json';

export interface ReplayOptions {
  /**
   * Entries below this seq were verified canonical (level 1), so the native JSON.parse reads
   * them to the same value as the strict parser, several times faster. The rest are parsed
   * strictly.
   */
  verifiedSize?: number;
  /** better-sqlite3 addon for this runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  /** Called with the number of entries replayed since the last call. */
  onProgress?: (count: number) => void;
}

const PROGRESS_EVERY = 4096;

/**
 * Non-unique indexes only make reads faster: they can neither refuse a row nor change one, so
 * a replay without them produces the same rows, and inserts cost much less.
 */
function dropNonUniqueIndexes(scratch: Database.Database): void {
  for (const table of Object.keys(tableSpecs)) {
    const indexes = scratch.pragma(`index_list(${table})`) as {
      name: string;
      unique: number;
      origin: string;
    }[];
    for (const index of indexes) {
      if (index.unique === 0 && index.origin === 'c') scratch.exec(`DROP INDEX "${index.name}"`);
    }
  }
}

/**
 * Replays a workspace's ledger into a fresh scratch database. Because appliers are the only
 * writers of projection tables, the result must equal the live tables exactly; any difference
 * is an edit made behind the ledger's back (deep verification, ARCHITECTURE.md §3 level 3).
 * One transaction, in memory, prepared statements cached per SQL text by the appliers.
 */
export function replayIntoScratch(
  source: Database.Database,
  options: ReplayOptions = {},
): Database.Database {
  const scratch = new Database(
    ':memory:',
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  try {
    applyMigrations(scratch, loadMigrations(), () => new Date(0).toISOString());
    dropNonUniqueIndexes(scratch);
    // A scratch copy that is thrown away on failure needs no rollback journal.
    scratch.pragma('journal_mode = OFF');
    const verifiedSize = options.verifiedSize ?? 0;
    const onProgress = options.onProgress ?? (() => {});
    const entries = source
      .prepare('SELECT seq, bytes FROM ledger_entry ORDER BY seq')
      .raw()
      .iterate() as IterableIterator<[number, Buffer]>;
    scratch
      .transaction(() => {
        let count = 0;
        for (const [seq, bytes] of entries) {
          const entry = (
            seq < verifiedSize ? JSON.parse(bytes.toString('utf8')) : parseCanonicalJson(bytes)
          ) as DomainEvent;
          applyEvent(scratch, { type: entry.type, payload: entry.payload } as DomainEvent);
          if (++count % PROGRESS_EVERY === 0) onProgress(PROGRESS_EVERY);
        }
        onProgress(count % PROGRESS_EVERY);
      })
      .immediate();
    return scratch;
  } catch (error) {
    scratch.close();
    throw error;
  }
}

export interface ProjectionDifference {
  table: ProjectionTable;
  /** The row's primary key or first column value. */
  key: string;
  kind: 'missing' | 'unexpected' | 'changed';
}

type SqlValue = null | number | bigint | string | Buffer;

const TYPE_ORDER = { null: 0, number: 1, bigint: 1, string: 2, object: 3 } as const;

function typeRank(value: SqlValue): number {
  return value === null ? 0 : TYPE_ORDER[typeof value as 'number' | 'bigint' | 'string' | 'object'];
}

/**
 * SQLite's order for ORDER BY … COLLATE BINARY: NULL, numbers, text by UTF-8 bytes, blobs by
 * bytes. JavaScript compares strings by UTF-16 code units, which agrees with UTF-8 byte order
 * except across surrogate pairs, where this falls back to the bytes.
 */
function compareSqlValues(a: SqlValue, b: SqlValue): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0 || a === null || b === null) return rank;
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return 0;
    if (/[\ud800-\udfff]/.test(a) || /[\ud800-\udfff]/.test(b)) {
      return Buffer.compare(Buffer.from(a), Buffer.from(b));
    }
    return a < b ? -1 : 1;
  }
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameRow(a: SqlValue[], b: SqlValue[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!(Buffer.isBuffer(x) && Buffer.isBuffer(y) && x.equals(y))) return false;
  }
  return true;
}

function orderedRows(sqlite: Database.Database, table: ProjectionTable): Iterator<SqlValue[]> {
  const columns = Object.keys(tableSpecs[table]);
  const keyColumn = columns[0] ?? 'rowid';
  return sqlite
    .prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${keyColumn} COLLATE BINARY`)
    .raw()
    .iterate() as Iterator<SqlValue[]>;
}

function nextRow(rows: Iterator<SqlValue[]>): SqlValue[] | null {
  const next = rows.next();
  return next.done ? null : next.value;
}

/**
 * Every row that differs between the live projections and a replay of the ledger: per table,
 * the replay's rows missing or changed in key order, then the live rows the replay does not
 * have. Streams both sides in key order (a merge join), so memory does not grow with the table.
 */
export function compareProjections(
  live: Database.Database,
  replayed: Database.Database,
  onProgress: (rows: number) => void = () => {},
): ProjectionDifference[] {
  const differences: ProjectionDifference[] = [];
  for (const table of Object.keys(tableSpecs) as ProjectionTable[]) {
    const unexpected: ProjectionDifference[] = [];
    const expectedRows = orderedRows(replayed, table);
    const liveRows = orderedRows(live, table);
    let expected = nextRow(expectedRows);
    let actual = nextRow(liveRows);
    let rows = 0;
    while (expected || actual) {
      const order = !expected
        ? 1
        : !actual
          ? -1
          : compareSqlValues(expected[0] ?? null, actual[0] ?? null);
      if (expected && order < 0) {
        differences.push({ table, key: String(expected[0]), kind: 'missing' });
      } else if (actual && order > 0) {
        unexpected.push({ table, key: String(actual[0]), kind: 'unexpected' });
      } else if (expected && actual && !sameRow(expected, actual)) {
        differences.push({ table, key: String(expected[0]), kind: 'changed' });
      }
      if (order <= 0) expected = nextRow(expectedRows);
      if (order >= 0) actual = nextRow(liveRows);
      if (++rows % PROGRESS_EVERY === 0) onProgress(PROGRESS_EVERY);
    }
    onProgress(rows % PROGRESS_EVERY);
    differences.push(...unexpected);
  }
  return differences;
}

/** What deep verification found: how many rows differ, and the first. */
export interface ProjectionCheck {
  count: number;
  first: ProjectionDifference | null;
}

/** Rows a comparison will visit at most: the live projections' row count. */
export function countProjectionRows(sqlite: Database.Database): number {
  let rows = 0;
  for (const table of Object.keys(tableSpecs)) {
    rows += sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  }
  return rows;
}

/**
 * Level 3 on one consistent snapshot of `live`: the ledger and the tables it is compared
 * with are read in one read transaction, so appends made meanwhile are either wholly in or out.
 */
export function checkProjections(
  live: Database.Database,
  options: ReplayOptions & { onRows?: (rows: number) => void } = {},
): ProjectionCheck {
  const run = () => {
    const scratch = replayIntoScratch(live, options);
    try {
      const differences = compareProjections(live, scratch, options.onRows);
      return { count: differences.length, first: differences[0] ?? null };
    } finally {
      scratch.close();
    }
  };
  return live.inTransaction ? run() : live.transaction(run).deferred();
}
