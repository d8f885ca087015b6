import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { DomainEvent } from '../commands/events';
import { toHex } from '../ledger/bytes';
import { leafHash } from '../ledger/merkle-hash';
import { MerkleAccumulator } from '../ledger/merkle-tree';
import {
  encodeEntryTransient,
  entityOf,
  GENESIS_PREV,
  LEDGER_ENTRY_VERSION,
  type LedgerActor,
  MAX_ENTRY_BYTES,
} from './ledger-entry';
import { SqliteSubtreeStore } from './sqlite-subtree-store';

export interface AppendedEntry {
  seq: number;
  leafHash: Uint8Array;
}

/**
 * Appends entries to the ledger inside the caller's transaction. The head (size, last leaf
 * hash) and the Merkle range are kept in memory so an append costs one hash chain step and
 * O(log n) subtree inserts; after a rolled-back transaction `reload()` re-reads them.
 */
export class LedgerStore {
  readonly subtrees: SqliteSubtreeStore;
  private readonly insertEntry: Database.Statement<
    [number, Uint8Array, Uint8Array, string, string, string | null, string]
  >;
  private accumulator: MerkleAccumulator;
  private previous: string;

  constructor(private readonly sqlite: Database.Database) {
    this.subtrees = new SqliteSubtreeStore(sqlite);
    this.insertEntry = sqlite.prepare(
      'INSERT INTO ledger_entry (seq, bytes, leaf_hash, type, actor, entity, time) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const head = this.readHead();
    this.accumulator = head.accumulator;
    this.previous = head.previous;
  }

  get size(): number {
    return this.accumulator.size;
  }

  root(): Uint8Array {
    return this.accumulator.root();
  }

  append(event: DomainEvent, actor: LedgerActor, time: string): AppendedEntry {
    const seq = this.accumulator.size;
    // Valid until the next append: hashed and bound (SQLite copies a blob) before then.
    const bytes = encodeEntryTransient({
      v: LEDGER_ENTRY_VERSION,
      seq,
      prev: this.previous,
      time,
      actor,
      type: event.type,
      payload: event.payload,
    });
    if (bytes.byteLength > MAX_ENTRY_BYTES) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `This change would make a ledger entry of ${bytes.byteLength} bytes; the limit is ${MAX_ENTRY_BYTES}. Nothing was saved.`,
      );
    }
    const hash = leafHash(bytes);
    this.insertEntry.run(seq, bytes, hash, event.type, actor.operator, entityOf(event), time);
    this.subtrees.put(this.accumulator.append(hash));
    this.previous = toHex(hash);
    return { seq, leafHash: hash };
  }

  /** Re-reads the head from the database (after a rollback discarded appends). */
  reload(): void {
    const head = this.readHead();
    this.accumulator = head.accumulator;
    this.previous = head.previous;
  }

  private readHead(): { accumulator: MerkleAccumulator; previous: string } {
    const last = this.sqlite
      .prepare('SELECT seq, leaf_hash AS hash FROM ledger_entry ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; hash: Buffer } | undefined;
    const size = last ? last.seq + 1 : 0;
    return {
      accumulator: MerkleAccumulator.fromStore(size, this.subtrees),
      previous: last ? toHex(last.hash) : GENESIS_PREV,
    };
  }
}
