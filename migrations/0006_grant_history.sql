-- Issue 5: every step of a grant's life, for the explain panel and for auditors. `step` is the
-- grant's version once the step was applied (1 is the request), so the history and the row's
-- version cannot disagree. `detail` holds what a narrowing changed ({"from":…,"to":…});
-- `source_kind`/`source_id` name the incident, review or charter approval that caused a step.
CREATE TABLE grant_step (
  grant_id TEXT NOT NULL,
  step INTEGER NOT NULL CHECK (step >= 1),
  kind TEXT NOT NULL CHECK (kind IN (
    'requested', 'approved', 'suspended', 'reinstated', 'narrowed', 'revoked')),
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT,
  detail TEXT CHECK (detail IS NULL OR json_valid(detail)),
  source_kind TEXT CHECK (source_kind IS NULL OR source_kind IN ('incident', 'review', 'charter')),
  source_id TEXT,
  CHECK ((source_kind IS NULL) = (source_id IS NULL)),
  PRIMARY KEY (grant_id, step)
) STRICT, WITHOUT ROWID;

-- Grants recorded before this table existed had only these three steps.
INSERT INTO grant_step (grant_id, step, kind, by, at)
  SELECT id, 1, 'requested', requested_by, requested_at FROM access_grant;
INSERT INTO grant_step (grant_id, step, kind, by, at)
  SELECT id, 2, 'approved', approved_by, approved_at FROM access_grant WHERE approved_at IS NOT NULL;
INSERT INTO grant_step (grant_id, step, kind, by, at, reason)
  SELECT id, version, 'revoked', revoked_by, revoked_at, revoke_reason FROM access_grant
  WHERE revoked_at IS NOT NULL;

-- "Grants of this source" (what an incident or review changed).
CREATE INDEX grant_step_source ON grant_step (source_kind, source_id) WHERE source_id IS NOT NULL;
