-- The node's signing keys (public halves only; the private key never enters the database).
-- Written by the node.key_registered event, so the ledger records which key signs checkpoints.
CREATE TABLE node_key (
  key_name TEXT PRIMARY KEY,
  public_key BLOB NOT NULL CHECK (length(public_key) = 32),
  vkey TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Signed checkpoints of this node's ledger: the ones it signed, sent or received. Kept forever:
-- they are what exposes a rollback, a truncation or a fork (two signed views of one size).
CREATE TABLE ledger_checkpoint (
  id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  root BLOB NOT NULL CHECK (length(root) = 32),
  note TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('self', 'sent', 'received')),
  recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX ledger_checkpoint_size ON ledger_checkpoint (size);

CREATE TRIGGER ledger_checkpoint_no_update BEFORE UPDATE ON ledger_checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER ledger_checkpoint_no_delete BEFORE DELETE ON ledger_checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
