import Database from 'better-sqlite3';
import { applyEvent } from '../commands/appliers';
import type { DomainEvent } from '../commands/events';
import { applyMigrations, loadMigrations } from '../db/migrations';
import { tableSpecs, type ProjectionTable } from '../db/schema';
import { parseCanonicalJson } from '../ledger/canonical-json';

/**
 * Replays a workspace's ledger into a fresh scratch database. Because appliers are the only
 * writers of projection tables, the result must equal the live tables exactly; any difference
 * is an edit made behind the ledger's back (deep verification, ARCHITECTURE.md §3 level 3).
 */
export function replayIntoScratch(source: Database.Database): Database.Database {
  const scratch = new Database(':memory:');
  applyMigrations(scratch, loadMigrations(), () => new Date(0).toISOString());
  const entries = source.prepare('SELECT bytes FROM ledger_entry ORDER BY seq').pluck().iterate();
  scratch
    .transaction(() => {
      for (const bytes of entries) {
        const entry = parseCanonicalJson(bytes as Buffer) as unknown as DomainEvent;
        applyEvent(scratch, { type: entry.type, payload: entry.payload } as DomainEvent);
      }
    })
    .immediate();
  return scratch;
}

export interface ProjectionDifference {
  table: ProjectionTable;
  /** The row's primary key or first column value. */
  key: string;
  kind: 'missing' | 'unexpected' | 'changed';
}

function rowsByKey(sqlite: Database.Database, table: ProjectionTable): Map<string, string> {
  const columns = Object.keys(tableSpecs[table]);
  const keyColumn = columns[0] ?? 'rowid';
  const rows = sqlite
    .prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${keyColumn}`)
    .all() as Record<string, unknown>[];
  return new Map(rows.map((row) => [String(row[keyColumn]), JSON.stringify(row)]));
}

/** Every row that differs between the live projections and a replay of the ledger. */
export function compareProjections(
  live: Database.Database,
  replayed: Database.Database,
): ProjectionDifference[] {
  const differences: ProjectionDifference[] = [];
  for (const table of Object.keys(tableSpecs) as ProjectionTable[]) {
    const actual = rowsByKey(live, table);
    const expected = rowsByKey(replayed, table);
    for (const [key, row] of expected) {
      const liveRow = actual.get(key);
      if (liveRow === undefined) differences.push({ table, key, kind: 'missing' });
      else if (liveRow !== row) differences.push({ table, key, kind: 'changed' });
    }
    for (const key of actual.keys()) {
      if (!expected.has(key)) differences.push({ table, key, kind: 'unexpected' });
    }
  }
  return differences;
}
