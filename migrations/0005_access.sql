-- Issue 5: who access is granted to (principals) and the grants themselves.

-- A role of a partner organisation ("Acme analysts") or an internal role. `tier` is a partner
-- tier id of the governing charter (null: none assigned yet, and the policy refuses every
-- grant to it); `legal_bases` the GDPR Art. 6 bases on record, a JSON array of ids.
CREATE TABLE principal (
  id TEXT PRIMARY KEY,
  owner_node TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('partner-role', 'internal-role')),
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  tier TEXT,
  legal_bases TEXT NOT NULL CHECK (json_valid(legal_bases) AND json_type(legal_bases) = 'array'),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1)
) STRICT;

-- One role of a given name per organisation, so "Acme analysts" names one principal.
CREATE UNIQUE INDEX principal_name ON principal (
  owner_node, organisation COLLATE NOCASE, name COLLATE NOCASE);
-- The grants table sorted by principal walks this. UNIQUE (as it is anyway, for the id) lets
-- SQLite see each step gives one principal, so it can read that one's grants in index order
-- rather than sort them.
CREATE UNIQUE INDEX principal_display ON principal (
  name COLLATE NOCASE, organisation COLLATE NOCASE, id);

-- A grant of access: principal × dataset × level × purpose × validity. `grant` is an SQL
-- keyword, hence the table's name. Only the lifecycle steps someone takes are stored
-- (requested, approved, suspended, revoked); "active" and "expired" depend on today's date and
-- are derived when read (an approved grant is active from start_day until the day before
-- until_day, and expired from until_day on: a grant lasts until_day − start_day days, as the
-- policy measures it), so a grant runs out on its own without anyone writing anything, and a
-- replay of the ledger gives the same rows whatever day it runs.
CREATE TABLE access_grant (
  id TEXT PRIMARY KEY,
  owner_node TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  level TEXT NOT NULL,
  purpose TEXT NOT NULL,
  start_day TEXT NOT NULL CHECK (start_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  until_day TEXT CHECK (until_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  justification TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'suspended', 'revoked')),
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  approved_by TEXT,
  approved_at TEXT,
  revoked_by TEXT,
  revoked_at TEXT,
  revoke_reason TEXT,
  version INTEGER NOT NULL CHECK (version >= 1),
  CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
  CHECK ((revoked_by IS NULL) = (revoked_at IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL)),
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
) STRICT;

-- The grants table's orders, each walked in index order with ties broken by id (a page of
-- 200,000 grants is read, not sorted): by end day (also the dashboard's "expiring in 30 days"),
-- by request time, and by principal or dataset: those walk the principal or dataset index and,
-- for each, that one's grants. The principal and dataset indexes also serve the filters (the
-- matrix view and the explain panel).
CREATE INDEX access_grant_principal ON access_grant (principal_id, dataset_id, id);
CREATE INDEX access_grant_dataset ON access_grant (dataset_id, principal_id, id);
CREATE INDEX access_grant_until ON access_grant (until_day, id);
CREATE INDEX access_grant_requested ON access_grant (requested_at, id);
-- The grants table sorted by dataset walks this; UNIQUE for the reason principal_display is.
CREATE UNIQUE INDEX dataset_identifier_unique ON dataset (identifier, id);
