import type Database from 'better-sqlite3';
import { assertNever } from '../../../shared/errors';
import { emptyRoot, nodeHash } from '../ledger/merkle-hash';
import { MerkleAccumulator } from '../ledger/merkle-tree';
import { checkProjections, type ProjectionCheck } from './replay';
import {
  type ChainVerification,
  type EntryRecord,
  EntryChainChecker,
  type LedgerFault,
  verifyEntryChain,
} from './verify-chain';

/*
 * The verification work, as plain functions over one read-only connection: worker threads run
 * them (verify-parallel-worker.ts), the calling thread runs them with `threads: 0`, and the
 * synchronous verifyWorkspace runs verifyChainSequentially and checkProjections.
 */

/** Called with the number of entries (or rows) done since the last call. */
export type WorkDone = (count: number) => void;

const PROGRESS_EVERY = 4096;

/**
 * The compact range of a tree growing from an aligned start: one perfect subtree hash per set
 * bit of the count, largest first. Unlike MerkleAccumulator it shows its parts, which is what
 * joins slices verified apart into the roots of the whole.
 */
export class CompactRange {
  readonly parts: Uint8Array[] = [];
  private count = 0;

  push(hash: Uint8Array): void {
    let merged = hash;
    for (let n = this.count; n % 2 === 1; n = (n - 1) / 2) {
      merged = nodeHash(this.parts.pop() as Uint8Array, merged);
    }
    this.parts.push(merged);
    this.count++;
  }
}

/** MTH of a compact range (its parts, left to right): fold from the right (RFC 6962 §2.1). */
export function foldParts(parts: readonly Uint8Array[]): Uint8Array {
  let i = parts.length - 1;
  let hash = parts[i];
  if (hash === undefined) return emptyRoot();
  while (--i >= 0) hash = nodeHash(parts[i] as Uint8Array, hash);
  return hash;
}

/** A slice [start, end) of positions; `sizes` are the tree sizes in (start, end] to root. */
export interface RangeTask {
  start: number;
  end: number;
  sizes: number[];
}

export interface RangeOutcome {
  start: number;
  end: number;
  /** Entries that passed every check this slice can make on its own. */
  count: number;
  /** `prev` of the slice's first entry, when that entry got as far as the chain check. */
  firstPrev: string | null;
  /** Leaf hash of the last entry that passed. */
  lastHash: Uint8Array | null;
  fault: LedgerFault | null;
  /**
   * Compact ranges of [start, size) for each size asked for that was reached, for the position
   * of the fault and for start + count.
   */
  prefixes: [size: number, parts: Uint8Array[]][];
}

type BatchRow = [
  bytes: Buffer | null,
  hashes: Buffer | null,
  lengths: string | null,
  seqs: string | null,
];

/** The statements one connection uses to read a slice of the ledger. */
export class LedgerReader {
  /*
   * better-sqlite3 costs about a microsecond per row and per value handed to JavaScript, more
   * than SQLite's own work; one row per batch, its blobs concatenated, costs about half. The
   * subquery's ORDER BY orders group_concat's input; the seq list proves it did, and any batch
   * that does not add up is read again row by row.
   */
  private readonly batch: Database.Statement<[number, number], BatchRow>;
  private readonly rows: Database.Statement<[number, number], [Buffer, Buffer]>;

  constructor(sqlite: Database.Database) {
    this.batch = sqlite
      .prepare<[number, number], BatchRow>(
        `SELECT CAST(group_concat(bytes, X'') AS BLOB), CAST(group_concat(leaf_hash, X'') AS BLOB),
           group_concat(length(bytes)), group_concat(seq)
         FROM (SELECT seq, bytes, leaf_hash FROM ledger_entry WHERE seq >= ? AND seq < ? ORDER BY seq)`,
      )
      .raw();
    this.rows = sqlite
      .prepare<[number, number], [Buffer, Buffer]>(
        'SELECT bytes, leaf_hash FROM ledger_entry WHERE seq >= ? AND seq < ? ORDER BY seq',
      )
      .raw();
  }

  /**
   * Visits the entries with seq in [start, end), in seq order, until `visit` returns false.
   */
  forEach(
    start: number,
    end: number,
    /** The stored leaf hash is `hashes`, or its 32 bytes at `hashAt` in a batch. */
    visit: (bytes: Uint8Array, hashes: Uint8Array, hashAt: number | undefined) => boolean,
    done: WorkDone,
  ): void {
    const batchSize = 2048;
    for (let low = start; low < end; low += batchSize) {
      const high = Math.min(end, low + batchSize);
      const [bytes, hashes, lengths, seqs] = this.batch.get(low, high) ?? [null, null, null, null];
      const ends =
        bytes && hashes && lengths && seqs ? entryEnds(bytes, hashes, lengths, seqs) : null;
      if (bytes && hashes && ends) {
        let offset = 0;
        for (let i = 0; i < ends.length; i++) {
          const next = ends[i] as number;
          if (!visit(bytes.subarray(offset, next), hashes, 32 * i)) return;
          offset = next;
        }
      } else if (lengths !== null) {
        for (const [entry, hash] of this.rows.iterate(low, high)) {
          if (!visit(entry, hash, undefined)) return;
        }
      }
      done(high - low);
    }
  }
}

/**
 * Where each entry of a batch ends in its concatenated bytes, from the comma-separated lengths;
 * null unless everything adds up: the lengths to the bytes, 32 bytes of stored hash per entry,
 * and seqs strictly increasing (so the concatenation kept seq order).
 */
function entryEnds(bytes: Buffer, hashes: Buffer, lengths: string, seqs: string): number[] | null {
  const ends: number[] = [];
  let end = 0;
  let value = 0;
  for (let i = 0; i <= lengths.length; i++) {
    const c = i < lengths.length ? lengths.charCodeAt(i) : COMMA;
    if (c !== COMMA) {
      value = value * 10 + c - DIGIT_0;
      continue;
    }
    end += value;
    ends.push(end);
    value = 0;
  }
  if (end !== bytes.length || hashes.length !== 32 * ends.length) return null;
  let count = 0;
  let previous = -1;
  for (let i = 0; i <= seqs.length; i++) {
    const c = i < seqs.length ? seqs.charCodeAt(i) : COMMA;
    if (c !== COMMA) {
      value = value * 10 + c - DIGIT_0;
      continue;
    }
    if (value <= previous) return null;
    previous = value;
    value = 0;
    count++;
  }
  return count === ends.length ? ends : null;
}

const COMMA = 0x2c;
const DIGIT_0 = 0x30;

/**
 * Level 1 over one slice of positions, as if the entries before it were verified: canonical
 * bytes, shape, seq, the chain inside the slice, stored leaf hashes, and the perfect subtrees
 * of the slice. The link to the slice before (its first `prev`) is the caller's to check.
 * Entries are read by seq; where a seq is missing the slice comes up short and the caller
 * falls back to one sequential pass.
 */
export function verifyRange(reader: LedgerReader, task: RangeTask, done: WorkDone): RangeOutcome {
  const checker = new EntryChainChecker(task.start, null);
  const range = new CompactRange();
  const prefixes: RangeOutcome['prefixes'] = [];
  const sizes = task.sizes.filter((size) => size > task.start && size <= task.end);
  let nextSize = 0;
  let fault: LedgerFault | null = null;
  let lastHash: Uint8Array | null = null;
  reader.forEach(
    task.start,
    task.end,
    (bytes, hashes, hashAt) => {
      const result = checker.check(bytes, hashes, hashAt);
      if (!(result instanceof Uint8Array)) {
        fault = result;
        return false;
      }
      range.push(result);
      lastHash = result;
      if (checker.position === sizes[nextSize]) {
        prefixes.push([checker.position, range.parts.slice()]);
        nextSize++;
      }
      return true;
    },
    done,
  );
  prefixes.push([checker.position, range.parts.slice()]);
  return {
    start: task.start,
    end: task.end,
    count: checker.position - task.start,
    firstPrev: checker.firstPrev,
    lastHash,
    fault,
    prefixes,
  };
}

/** What level 1 hands to level 2: the verdict and the roots at each checkpoint's size. */
export interface ChainLevels {
  chain: ChainVerification;
  /** Root of the first n verified entries, for each checkpoint size n reached. */
  roots: Map<number, Uint8Array>;
}

/** The ledger as it stood when verification began. */
export interface ChainPlan {
  size: number;
  expectedRoot: Uint8Array;
  checkpointSizes: number[];
}

/**
 * Level 1 in one pass over entries in position order (the reference the slices must agree
 * with). Roots at checkpoint sizes come from the stored leaf hashes, which the chain check
 * proves equal to the computed ones wherever level 1 passes.
 */
export function verifyChainSequentially(
  sqlite: Database.Database,
  plan: ChainPlan,
  done: WorkDone = () => {},
): ChainLevels {
  const sizes = new Set(plan.checkpointSizes);
  const roots = new Map<number, Uint8Array>();
  const rows = sqlite
    .prepare('SELECT bytes, leaf_hash AS leafHash FROM ledger_entry WHERE seq < ? ORDER BY seq')
    .iterate(plan.size) as IterableIterator<{ bytes: Buffer; leafHash: Buffer }>;
  function* withPrefixRoots(): Generator<EntryRecord> {
    const prefix = new MerkleAccumulator();
    for (const row of rows) {
      yield row;
      prefix.push(row.leafHash);
      if (sizes.has(prefix.size)) roots.set(prefix.size, prefix.root());
      if (prefix.size % PROGRESS_EVERY === 0) done(PROGRESS_EVERY);
    }
    done(prefix.size % PROGRESS_EVERY);
  }
  const chain = verifyEntryChain(withPrefixRoots(), { size: plan.size, root: plan.expectedRoot });
  return { chain, roots };
}

/** One unit of work for a verification worker (or for the calling thread). */
export type VerificationTask =
  | { kind: 'range'; range: RangeTask }
  | { kind: 'sequential'; plan: ChainPlan }
  | { kind: 'projections'; verifiedSize: number }
  | { kind: 'quick-check' };

export type VerificationTaskResult<T extends VerificationTask> = T extends { kind: 'range' }
  ? RangeOutcome
  : T extends { kind: 'sequential' }
    ? ChainLevels
    : T extends { kind: 'projections' }
      ? ProjectionCheck
      : string;

/** A connection with the reader it serves, opened once per worker. */
export interface TaskContext {
  sqlite: Database.Database;
  reader: LedgerReader;
  nativeBinding?: string;
}

export function runVerificationTask(
  context: TaskContext,
  task: VerificationTask,
  done: WorkDone,
): RangeOutcome | ChainLevels | ProjectionCheck | string {
  switch (task.kind) {
    case 'range':
      return verifyRange(context.reader, task.range, done);
    case 'sequential':
      return verifyChainSequentially(context.sqlite, task.plan, done);
    case 'projections':
      return checkProjections(context.sqlite, {
        verifiedSize: task.verifiedSize,
        ...(context.nativeBinding ? { nativeBinding: context.nativeBinding } : {}),
        onProgress: done,
        onRows: done,
      });
    case 'quick-check':
      return quickCheck(context.sqlite);
    default:
      return assertNever(task, 'verification task');
  }
}

/** SQLite's `quick_check` (every page and b-tree), as one line: 'ok' when it found nothing. */
export function quickCheck(sqlite: Database.Database): string {
  const rows = sqlite.pragma('quick_check') as { quick_check: string }[];
  return rows
    .map((row) => row.quick_check)
    .join('; ')
    .replace(/\s*\n\s*/g, '; ');
}
