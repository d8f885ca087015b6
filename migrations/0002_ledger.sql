-- The hash-chained audit ledger (ARCHITECTURE.md §3). `bytes` is the RFC 8785 canonical entry
-- exactly as hashed; the other columns are copies of its fields for filtering and indexing.
CREATE TABLE ledger_entry (
  seq INTEGER PRIMARY KEY CHECK (seq >= 0),
  bytes BLOB NOT NULL,
  leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32),
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  entity TEXT,
  time TEXT NOT NULL
) STRICT;

CREATE INDEX ledger_entry_type ON ledger_entry (type, seq);
CREATE INDEX ledger_entry_entity ON ledger_entry (entity, seq);

-- RFC 6962 perfect subtree hashes: (level, idx) covers leaves [idx·2^level, (idx+1)·2^level).
-- Level 0 is the leaf hash. Roots and proofs for any size cost O(log n) lookups.
CREATE TABLE ledger_subtree (
  level INTEGER NOT NULL CHECK (level >= 0),
  idx INTEGER NOT NULL CHECK (idx >= 0),
  hash BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

-- Append-only, enforced by the database itself: an edit has to drop these triggers first, and
-- signed checkpoints held elsewhere still expose a rewritten history.
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_subtree_no_update BEFORE UPDATE ON ledger_subtree
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_subtree_no_delete BEFORE DELETE ON ledger_subtree
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
