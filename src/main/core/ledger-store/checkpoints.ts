import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { bytesEqual } from '../ledger/bytes';
import { signCheckpoint } from '../ledger/checkpoint';
import type { NoteSigner } from '../ledger/note-keys';
import type { LedgerStore } from './ledger-store';

export type CheckpointSource = 'self' | 'sent' | 'received';

export interface StoredCheckpoint {
  id: number;
  origin: string;
  size: number;
  root: Uint8Array;
  /** The signed note exactly as signed (C2SP tlog-checkpoint in a signed-note). */
  note: string;
  source: CheckpointSource;
  recordedAt: string;
}

interface CheckpointRow {
  id: number;
  origin: string;
  size: number;
  root: Buffer;
  note: string;
  source: CheckpointSource;
  recorded_at: string;
}

function fromRow(row: CheckpointRow): StoredCheckpoint {
  return { ...row, recordedAt: row.recorded_at };
}

export function listCheckpoints(sqlite: Database.Database): StoredCheckpoint[] {
  return (
    sqlite.prepare('SELECT * FROM ledger_checkpoint ORDER BY size, id').all() as CheckpointRow[]
  ).map(fromRow);
}

export function latestOwnCheckpoint(
  sqlite: Database.Database,
  size?: number,
): StoredCheckpoint | undefined {
  const row = (
    size === undefined
      ? sqlite
          .prepare(
            "SELECT * FROM ledger_checkpoint WHERE source = 'self' ORDER BY size DESC, id DESC LIMIT 1",
          )
          .get()
      : sqlite
          .prepare(
            "SELECT * FROM ledger_checkpoint WHERE source = 'self' AND size = ? ORDER BY id DESC LIMIT 1",
          )
          .get(size)
  ) as CheckpointRow | undefined;
  return row ? fromRow(row) : undefined;
}

/**
 * Signs a checkpoint for the ledger's current size and keeps it. Signing the same size twice
 * returns the stored one: a second signature over one size adds nothing.
 */
export function signCurrentCheckpoint(
  sqlite: Database.Database,
  ledger: LedgerStore,
  signer: NoteSigner | undefined,
  now: () => string = () => new Date().toISOString(),
): StoredCheckpoint {
  const size = ledger.size;
  const root = ledger.root();
  // Already signed for this size: no key needed to hand it out again.
  const existing = latestOwnCheckpoint(sqlite, size);
  if (existing && bytesEqual(existing.root, root)) return existing;
  if (!signer) {
    throw new AppError(
      'KEY_LOCKED',
      "The node's signing key is not unlocked; provide its passphrase (CONCORDAT_PASSPHRASE) to sign checkpoints.",
    );
  }
  const note = signCheckpoint({ origin: signer.name, size, rootHash: root }, signer);
  const recordedAt = now();
  const { lastInsertRowid } = sqlite
    .prepare(
      "INSERT INTO ledger_checkpoint (origin, size, root, note, source, recorded_at) VALUES (?, ?, ?, ?, 'self', ?)",
    )
    .run(signer.name, size, root, note, recordedAt);
  return {
    id: Number(lastInsertRowid),
    origin: signer.name,
    size,
    root,
    note,
    source: 'self',
    recordedAt,
  };
}
