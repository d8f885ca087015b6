-- Issue 6: the outbox of snapshot bundles waiting to reach their peers, and how each peer is
-- reached (ARCHITECTURE.md §4, transports). Local operational state, not ledger events: what
-- was sent is recorded by the snapshot protocol itself (snapshot_sent); these rows only say
-- whether the bytes have left this machine yet, and they never replay.

-- One bundle per peer and snapshot version (a version is never queued twice). A failed attempt
-- moves `next_attempt_at` on (exponential backoff) and keeps the error for the sync screen;
-- once sent, the bundle's bytes are dropped and the row stays as the record of delivery.
CREATE TABLE sync_outbox (
  id INTEGER PRIMARY KEY,
  peer_id TEXT NOT NULL,
  snapshot_key TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  bundle BLOB NOT NULL CHECK (length(bundle) <= 67108864),
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL,
  last_attempt_at TEXT,
  last_error_code TEXT,
  last_error TEXT,
  sent_at TEXT,
  UNIQUE (peer_id, version),
  CHECK ((last_error_code IS NULL) = (last_error IS NULL))
) STRICT;

-- What is due: pending rows only, soonest first.
CREATE INDEX sync_outbox_due ON sync_outbox (next_attempt_at) WHERE sent_at IS NULL;

-- Where a peer's bundles go. `config` is JSON without secrets (folder: {path}; webdav:
-- {baseUrl, authKind, username?, ca?, timeoutMs?}); `secret` is the WebDAV password or token,
-- read only by the code that builds the transport.
CREATE TABLE peer_transport (
  peer_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('folder', 'webdav')),
  config TEXT NOT NULL CHECK (json_valid(config) AND json_type(config) = 'object'),
  secret TEXT,
  updated_at TEXT NOT NULL
) STRICT;
