-- Issue 6: peers, signed snapshots, replicas and charter endorsements (ARCHITECTURE.md §1, §4).
--
-- Replicas of records other nodes own live in the same tables as this node's own records, with
-- owner_node set to the issuing peer: every screen and the policy engine read one table, and the
-- owner column alone says what may be edited here (nothing whose owner is another node).

-- A node this one exchanges snapshots with, pinned from its identity card after the operator
-- compared the fingerprint out of band. `vkey` is the key currently trusted for it (a rotation
-- statement signed by the previous key moves it on; every key it ever had is in peer_key).
-- `relationship`: a partner organisation (at a charter tier) or a colleague node (with the
-- roles its operator holds); `governs` marks the colleague whose published charter governs
-- this node.
CREATE TABLE peer (
  node_id TEXT PRIMARY KEY,
  organisation TEXT NOT NULL,
  operator TEXT NOT NULL,
  card_roles TEXT NOT NULL CHECK (json_valid(card_roles) AND json_type(card_roles) = 'array'),
  vkey TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  relationship TEXT NOT NULL CHECK (relationship IN ('partner', 'colleague')),
  tier TEXT,
  roles TEXT NOT NULL CHECK (json_valid(roles) AND json_type(roles) = 'array'),
  governs INTEGER NOT NULL CHECK (governs IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('trusted', 'revoked')),
  card TEXT NOT NULL,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL,
  revoked_by TEXT,
  revoked_at TEXT,
  revoke_reason TEXT,
  CHECK ((revoked_at IS NULL) = (status = 'trusted')),
  CHECK (governs = 0 OR relationship = 'colleague')
) STRICT;

-- At most one node's charter governs this one.
CREATE UNIQUE INDEX peer_one_governing ON peer (governs) WHERE governs = 1 AND status = 'trusted';
CREATE UNIQUE INDEX peer_fingerprint ON peer (fingerprint);

-- Every key a peer has been trusted with, oldest first; `statement` is the rotation statement
-- (a DSSE envelope signed by the previous key) that introduced it, null for the pinned one.
CREATE TABLE peer_key (
  peer_id TEXT NOT NULL,
  vkey TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  trusted_at TEXT NOT NULL,
  retired_at TEXT,
  statement TEXT,
  PRIMARY KEY (peer_id, vkey)
) STRICT;

-- Snapshots this node issued, per audience: `version` counts up from 1 per peer and `digest`
-- (SHA-256 of the signed manifest) is what the next one names as `prev`.
CREATE TABLE snapshot_sent (
  peer_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  digest TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  checkpoint_size INTEGER NOT NULL,
  records INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (peer_id, version)
) STRICT;

-- Snapshots imported from each peer. `diff` is what the import changed, readable: counts and
-- the first records added, changed (with the fields) and removed, per kind.
CREATE TABLE snapshot_received (
  peer_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  digest TEXT NOT NULL UNIQUE,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  checkpoint TEXT NOT NULL,
  checkpoint_size INTEGER NOT NULL,
  added INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  removed INTEGER NOT NULL,
  diff TEXT NOT NULL CHECK (json_valid(diff)),
  PRIMARY KEY (peer_id, version)
) STRICT;

-- Which replica rows came from which peer, with each record's digest, so the next import finds
-- what changed by comparing digests rather than rows.
CREATE TABLE replica_record (
  peer_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('charter', 'dataset', 'principal', 'grant', 'endorsement')),
  record_id TEXT NOT NULL,
  digest TEXT NOT NULL,
  PRIMARY KEY (peer_id, kind, record_id)
) STRICT, WITHOUT ROWID;

-- A node's countersignature on a published charter version another node owns: `statement` is
-- a DSSE envelope, signed by the endorsing node, over the charter's owner, id, version and the
-- digest of its content. The endorser owns the record; the charter's owner sees it as a replica.
CREATE TABLE charter_endorsement (
  id TEXT PRIMARY KEY,
  owner_node TEXT NOT NULL,
  charter_owner TEXT NOT NULL,
  charter_id TEXT NOT NULL,
  charter_version INTEGER NOT NULL CHECK (charter_version >= 1),
  content_digest TEXT NOT NULL,
  endorsed_by TEXT NOT NULL,
  endorsed_at TEXT NOT NULL,
  note TEXT NOT NULL,
  statement TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX charter_endorsement_once ON charter_endorsement (
  owner_node, charter_owner, charter_version);

-- Evidence a peer signed two views of its history that cannot both be true (a fork), or
-- something else an operator must look into. Kept forever.
CREATE TABLE sync_alarm (
  id TEXT PRIMARY KEY,
  peer_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('fork')),
  detail TEXT NOT NULL,
  evidence TEXT NOT NULL CHECK (json_valid(evidence)),
  raised_at TEXT NOT NULL
) STRICT;
