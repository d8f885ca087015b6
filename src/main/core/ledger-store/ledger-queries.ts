import { dirname, join } from 'node:path';
import type {
  CheckpointInfo,
  LedgerEntryDetail,
  LedgerEntryRow,
  LedgerListQuery,
  LedgerOverview,
  LedgerPage,
  SigningKeyInfo,
} from '../../../shared/domain/ledger';
import { AppError } from '../../../shared/errors';
import { keyFingerprint } from '../keys/key-fingerprint';
import { bytesEqual, toBase64, toHex } from '../ledger/bytes';
import { LedgerError } from '../ledger/errors';
import { leafHash } from '../ledger/merkle-hash';
import { parseTlogProof, createTlogProof, verifyTlogProof } from '../ledger/tlog-proof';
import type { Workspace } from '../workspace/workspace';
import { latestOwnCheckpoint, listCheckpoints, type StoredCheckpoint } from './checkpoints';

const ROW_COLUMNS = 'seq, time, type, actor, entity';

export function checkpointInfo(checkpoint: StoredCheckpoint): CheckpointInfo {
  return {
    id: checkpoint.id,
    origin: checkpoint.origin,
    size: checkpoint.size,
    root: toBase64(checkpoint.root),
    note: checkpoint.note,
    source: checkpoint.source,
    recordedAt: checkpoint.recordedAt,
  };
}

export function signingKeyInfo(ws: Workspace): SigningKeyInfo | null {
  const row = ws.sqlite
    .prepare('SELECT key_name AS keyName, vkey FROM node_key ORDER BY created_at DESC LIMIT 1')
    .get() as { keyName: string; vkey: string } | undefined;
  return row ? { ...row, fingerprint: keyFingerprint(row.vkey) } : null;
}

function distinct(ws: Workspace, column: 'type' | 'actor'): string[] {
  // The type index makes this a skip over distinct values; actor has no index but few values.
  return ws.sqlite
    .prepare(`SELECT DISTINCT ${column} FROM ledger_entry ORDER BY ${column} LIMIT 500`)
    .pluck()
    .all() as string[];
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function ledgerOverview(ws: Workspace): LedgerOverview {
  const latest = latestOwnCheckpoint(ws.sqlite);
  const checkpointCount = ws.sqlite
    .prepare('SELECT count(*) FROM ledger_checkpoint')
    .pluck()
    .get() as number;
  return {
    size: ws.ledger.size,
    root: toHex(ws.ledger.root()),
    key: signingKeyInfo(ws),
    canSign: ws.isUnlocked && !ws.readOnly,
    latestCheckpoint: latest ? checkpointInfo(latest) : null,
    checkpointCount,
    types: distinct(ws, 'type'),
    actors: distinct(ws, 'actor'),
    suggestedExportDir: join(
      dirname(ws.path),
      'exports',
      `ledger-${today()}-size-${ws.ledger.size}`,
    ),
  };
}

/** Newest first: the form an auditor reads a checkpoint history in. */
export function listCheckpointInfos(ws: Workspace): CheckpointInfo[] {
  return listCheckpoints(ws.sqlite).reverse().map(checkpointInfo);
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function hasFilters(query: LedgerListQuery): boolean {
  return (
    query.types.length > 0 ||
    query.actor !== '' ||
    query.entity !== '' ||
    query.from !== undefined ||
    query.to !== undefined
  );
}

export function listLedgerEntries(ws: Workspace, query: LedgerListQuery): LedgerPage {
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  if (!hasFilters(query)) {
    // Every seq below the size exists, so a position is a seq: no OFFSET scan, even at 1M.
    const size = ws.ledger.size;
    const start = query.order === 'asc' ? query.offset : size - 1 - query.offset;
    const rows = ws.sqlite
      .prepare(
        `SELECT ${ROW_COLUMNS} FROM ledger_entry WHERE seq ${query.order === 'asc' ? '>=' : '<='} ? ORDER BY seq ${direction} LIMIT ?`,
      )
      .all(start, query.limit) as LedgerEntryRow[];
    return { rows: start < 0 ? [] : rows, total: size, offset: query.offset };
  }
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.types.length > 0) {
    where.push(`type IN (${query.types.map(() => '?').join(', ')})`);
    params.push(...query.types);
  }
  if (query.actor !== '') {
    where.push('actor = ?');
    params.push(query.actor);
  }
  if (query.entity !== '') {
    // A prefix range the (entity, seq) index can serve.
    where.push('entity >= ? AND entity < ?');
    params.push(query.entity, `${query.entity}\u{10FFFF}`);
  }
  if (query.from !== undefined) {
    where.push('time >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('time < ?');
    params.push(nextDay(query.to));
  }
  const clause = `WHERE ${where.join(' AND ')}`;
  const total = ws.sqlite
    .prepare(`SELECT count(*) FROM ledger_entry ${clause}`)
    .pluck()
    .get(...params) as number;
  const rows = ws.sqlite
    .prepare(
      `SELECT ${ROW_COLUMNS} FROM ledger_entry ${clause} ORDER BY seq ${direction} LIMIT ? OFFSET ?`,
    )
    .all(...params, query.limit, query.offset) as LedgerEntryRow[];
  return { rows, total, offset: query.offset };
}

/** The entry's `prev` when its bytes read as an entry with one, else null. */
function prevOf(text: string): string | null {
  try {
    const { prev } = JSON.parse(text) as { prev?: unknown };
    return typeof prev === 'string' && /^[0-9a-f]{64}$/.test(prev) ? prev : null;
  } catch {
    return null;
  }
}

/**
 * One entry as an auditor inspects it: the exact bytes, their hash and the previous one, and
 * an inclusion proof bound to the latest signed checkpoint that covers it, checked here against
 * the node's registered key. A damaged entry is still shown, with what is wrong with it: that is
 * exactly the entry a failed verification sends the auditor to.
 */
export function getLedgerEntry(ws: Workspace, seq: number): LedgerEntryDetail {
  const row = ws.sqlite
    .prepare(`SELECT ${ROW_COLUMNS}, bytes, leaf_hash AS leafHash FROM ledger_entry WHERE seq = ?`)
    .get(seq) as (LedgerEntryRow & { bytes: Buffer; leafHash: Buffer }) | undefined;
  if (!row) {
    throw new AppError('NOT_FOUND', `The ledger has no entry ${seq}; it holds ${ws.ledger.size}.`);
  }
  const { bytes, leafHash: storedHash, ...summary } = row;
  const canonicalJson = bytes.toString('utf8');
  const hash = leafHash(bytes);
  const problems: string[] = [];
  if (!bytesEqual(hash, storedHash)) {
    problems.push('Its bytes do not match the leaf hash stored beside them: they were changed.');
  }
  const prev = prevOf(canonicalJson);
  if (prev === null) problems.push('Its bytes do not read as a ledger entry.');
  const checkpoint = latestOwnCheckpoint(ws.sqlite);
  const vkey = ws.registeredVkey();
  let proof: LedgerEntryDetail['proof'] = null;
  if (checkpoint && vkey && checkpoint.size > seq) {
    try {
      const tlogProof = createTlogProof(seq, checkpoint.note, ws.ledger.subtrees);
      verifyTlogProof(tlogProof, { entry: bytes }, vkey);
      proof = {
        checkpoint: checkpointInfo(checkpoint),
        hashes: parseTlogProof(tlogProof).proof.map(toHex),
        tlogProof,
      };
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      problems.push(
        `It is not proven by checkpoint #${checkpoint.id}: ${error.message}. Run a verification for the full picture.`,
      );
    }
  }
  return {
    row: summary,
    canonicalJson,
    leafHash: toHex(hash),
    prev,
    proof,
    problem: problems.length > 0 ? problems.join(' ') : null,
  };
}
