import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { updateDataset } from '../src/main/core/catalog/catalog-commands';
import { execute } from '../src/main/core/commands/execute';
import type { DomainEvent } from '../src/main/core/commands/events';
import { leafHash } from '../src/main/core/ledger/merkle-hash';
import { inclusionProof, MerkleAccumulator } from '../src/main/core/ledger/merkle-tree';
import { verifyLedgerFile } from '../src/main/core/ledger-store/verify-parallel';
import { Workspace } from '../src/main/core/workspace/workspace';
import { benchDraft, buildLedger, datasetEvents } from './ledger-workload';
import { percentile, round, timeMs } from './stats';

/** The ledger's size; CONCORDAT_BENCH_LEDGER_SIZE overrides it for a quick trial run. */
const LEDGER_SIZE = Number(process.env.CONCORDAT_BENCH_LEDGER_SIZE ?? 1_000_000);
const BULK_EVENTS = 100_000;
/** Runs of the hash floor and of verification, alternated; the best of each is kept. */
const RUNS = 3;

function seconds(ms: number): number {
  return round(ms / 1000, 3);
}

/** Verification of `path` in a child process: its time and the child's peak RSS. */
function verifyInChild(path: string): { seconds: number; maxRssMb: number } {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawnSync(
    process.execPath,
    ['--import', tsx, join(import.meta.dirname, 'ledger-verify-child.ts'), path],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`verification child failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
    seconds: number;
    maxRssMb: number;
    ok: boolean;
  };
  if (!result.ok) throw new Error('the benchmark ledger did not verify');
  return result;
}

/**
 * The floor: the same leaf and node hashes over the same bytes, already in memory, in a tight
 * loop on one thread, with the same hash functions verification uses.
 */
function hashFloorMs(entries: readonly Buffer[]): number {
  return timeMs(() => {
    const tree = new MerkleAccumulator();
    for (const entry of entries) tree.push(leafHash(entry));
    tree.root();
  });
}

function inclusionProofTimes(ws: Workspace): number[] {
  const size = ws.ledger.size;
  const times: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const index = Math.floor((i * 2_654_435_761) % size);
    times.push(timeMs(() => inclusionProof(index, size, ws.ledger.subtrees)));
  }
  return times;
}

/** One interactive command end to end (parse, authorise, decide, apply, append, fsync). */
function appendTimes(ws: Workspace): number[] {
  type Row = { id: string; identifier: string; version: number };
  const rows = ws.sqlite
    .prepare('SELECT id, identifier, version FROM dataset ORDER BY id LIMIT 200')
    .all() as Row[];
  const times: number[] = [];
  for (let i = 0; i < 1_050; i++) {
    const row = rows[i % rows.length] as Row;
    const draft = { ...benchDraft(i, row.version), identifier: row.identifier };
    const ms = timeMs(() => {
      row.version = updateDataset(ws, { id: row.id, expectedVersion: row.version, draft }).version;
    });
    if (i >= 50) times.push(ms);
  }
  return times;
}

/**
 * 100,000 events appended in one transaction through LedgerStore.append (canonical encoding,
 * leaf hash, entry row, subtree rows), against plain INSERTs of the same bytes into a table of
 * (seq, bytes) in one transaction; both files WAL with synchronous=FULL. Also the whole command
 * path (execute: appliers plus ledger) for the same number of events.
 */
function bulkAppend(dir: string): Record<string, number> {
  const setup = { organisation: 'Bench', operator: 'Bench', roles: ['steward' as const] };
  const ws = Workspace.create(join(dir, 'bulk.concordat'), setup);
  const commands = Workspace.create(join(dir, 'bulk-commands.concordat'), setup);
  const raw = new Database(join(dir, 'raw.db'));
  try {
    const actor = { node: ws.node.nodeId, operator: ws.node.operator };
    const events = [...datasetEvents(ws.node.nodeId, 10_000, BULK_EVENTS)];
    const time = new Date().toISOString();
    const first = ws.ledger.size;
    const appendMs = timeMs(() =>
      ws.sqlite.transaction(() => {
        for (const event of events) ws.ledger.append(event, actor, time);
      })(),
    );
    const entries = ws.sqlite
      .prepare('SELECT bytes FROM ledger_entry WHERE seq >= ? ORDER BY seq')
      .pluck()
      .all(first) as Buffer[];
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE entry (seq INTEGER PRIMARY KEY, bytes BLOB NOT NULL)');
    const insert = raw.prepare('INSERT INTO entry (seq, bytes) VALUES (?, ?)');
    const rawMs = timeMs(() =>
      raw.transaction(() => {
        entries.forEach((bytes, seq) => insert.run(seq, bytes));
      })(),
    );
    const commandEvents: DomainEvent[] = [
      ...datasetEvents(commands.node.nodeId, 10_000, BULK_EVENTS),
    ];
    const executeMs = timeMs(() =>
      execute(commands, () => ({ events: commandEvents, result: null })),
    );
    const appendPerSecond = BULK_EVENTS / (appendMs / 1000);
    const rawPerSecond = BULK_EVENTS / (rawMs / 1000);
    return {
      'ledger.bulk_append_per_s': Math.round(appendPerSecond),
      'ledger.bulk_raw_insert_per_s': Math.round(rawPerSecond),
      'ledger.bulk_vs_raw_insert': round(appendPerSecond / rawPerSecond, 3),
      'ledger.bulk_execute_per_s': Math.round(BULK_EVENTS / (executeMs / 1000)),
    };
  } finally {
    ws.close();
    commands.close();
    raw.close();
  }
}

/**
 * The ledger at the "large ecosystem" size (ARCHITECTURE.md §8): a million ~500-byte dataset
 * events. Verification (all cores, in a child process for its peak RSS) against the hash
 * floor, deep verification, inclusion proofs, one interactive append, and bulk appends.
 */
export async function ledgerBench(dir: string): Promise<Record<string, number>> {
  const path = join(dir, 'ledger-1m.concordat');
  const results: Record<string, number> = {};
  let built = 0;
  const buildMs = timeMs(() => {
    const ws = buildLedger(path, LEDGER_SIZE);
    try {
      built = ws.ledger.size;
      const proofs = inclusionProofTimes(ws);
      results['ledger.inclusion_proof_p50_ms'] = round(percentile(proofs, 50), 4);
      results['ledger.inclusion_proof_p99_ms'] = round(percentile(proofs, 99), 4);
    } finally {
      ws.close();
    }
  });
  results['ledger.build_1m_seconds'] = seconds(buildMs);

  const entries = (() => {
    const sqlite = new Database(path, { readonly: true });
    try {
      return sqlite
        .prepare('SELECT bytes FROM ledger_entry ORDER BY seq')
        .pluck()
        .all() as Buffer[];
    } finally {
      sqlite.close();
    }
  })();
  const floors: number[] = [];
  const verifications: { seconds: number; maxRssMb: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    floors.push(hashFloorMs(entries) / 1000);
    verifications.push(verifyInChild(path));
  }
  entries.length = 0;
  const floor = Math.min(...floors);
  const verify = Math.min(...verifications.map((v) => v.seconds));
  results['ledger.verify_1m_seconds'] = round(verify, 3);
  results['ledger.hash_floor_1m_seconds'] = round(floor, 3);
  results['ledger.verify_vs_hash_floor'] = round(verify / floor, 3);
  results['ledger.verify_1m_peak_rss_mb'] = Math.round(
    Math.max(...verifications.map((v) => v.maxRssMb)),
  );

  const deepMs = await (async () => {
    const start = performance.now();
    const report = await verifyLedgerFile(path, { deep: true });
    if (!report.ok) throw new Error('the benchmark ledger did not verify deeply');
    return performance.now() - start;
  })();
  results['ledger.deep_verify_1m_seconds'] = seconds(deepMs);

  const ws = Workspace.open(path);
  try {
    const appends = appendTimes(ws);
    results['ledger.append_p50_ms'] = round(percentile(appends, 50));
    results['ledger.append_p99_ms'] = round(percentile(appends, 99));
    // The same with SQLite's automatic WAL checkpoint off: about 1% of commits otherwise copy
    // the WAL back into the database file on the command's own time, which is the p99 above.
    ws.sqlite.pragma('wal_autocheckpoint = 0');
    const withoutCheckpoints = appendTimes(ws);
    ws.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    results['ledger.append_p99_no_autocheckpoint_ms'] = round(percentile(withoutCheckpoints, 99));
  } finally {
    ws.close();
  }
  Object.assign(results, bulkAppend(dir));
  if (built !== LEDGER_SIZE) throw new Error(`built ${built} entries, not ${LEDGER_SIZE}`);
  return results;
}
