import type Database from 'better-sqlite3';
import type { StoredSubtree, SubtreeStore } from '../ledger/merkle-tree';

/** The Merkle tree's perfect subtree hashes, persisted in ledger_subtree. */
export class SqliteSubtreeStore implements SubtreeStore {
  private readonly select: Database.Statement<[number, number], { hash: Buffer }>;
  private readonly insert: Database.Statement<[number, number, Uint8Array]>;

  constructor(sqlite: Database.Database) {
    this.select = sqlite.prepare('SELECT hash FROM ledger_subtree WHERE level = ? AND idx = ?');
    this.insert = sqlite.prepare('INSERT INTO ledger_subtree (level, idx, hash) VALUES (?, ?, ?)');
  }

  get(level: number, index: number): Uint8Array | undefined {
    return this.select.get(level, index)?.hash;
  }

  put(subtrees: readonly StoredSubtree[]): void {
    for (const { level, index, hash } of subtrees) this.insert.run(level, index, hash);
  }
}
