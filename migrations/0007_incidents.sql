-- Issue 5, item 6: incidents against a partner, a dataset or one grant, and their escalations.
-- `subject_ref` is, for a partner, the organisation's name as its principals carry it; for a
-- dataset, the dataset's id; for a grant, the grant's id. The escalation columns hold the
-- latest escalation (an incident may be escalated again, further up); every step is kept in
-- incident_step. A resolved incident never changes again.
CREATE TABLE incident (
  id TEXT PRIMARY KEY,
  owner_node TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'resolved')),
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('partner', 'dataset', 'grant')),
  subject_ref TEXT NOT NULL,
  reporter TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  escalated_by TEXT,
  escalated_at TEXT,
  escalated_to TEXT,
  escalation_note TEXT,
  resolved_by TEXT,
  resolved_at TEXT,
  resolution TEXT,
  version INTEGER NOT NULL CHECK (version >= 1),
  CHECK ((escalated_by IS NULL) = (escalated_at IS NULL)
    AND (escalated_at IS NULL) = (escalated_to IS NULL)
    AND (escalated_to IS NULL) = (escalation_note IS NULL)),
  CHECK ((resolved_by IS NULL) = (resolved_at IS NULL)
    AND (resolved_at IS NULL) = (resolution IS NULL)),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK (status != 'escalated' OR escalated_at IS NOT NULL)
) STRICT;

-- The incidents screen and the dashboard read unresolved incidents by status; the detail of a
-- partner, dataset or grant finds the incidents about it.
CREATE INDEX incident_status ON incident (status, recorded_at);
CREATE INDEX incident_subject ON incident (subject_kind, subject_ref);

-- Every step of an incident's life. `step` is the incident's version once the step was
-- applied (1 is the recording); `severity` the severity after it (an escalation may raise it);
-- `escalated_to` whom an escalation went to; `note` an escalation's note or the resolution.
CREATE TABLE incident_step (
  incident_id TEXT NOT NULL,
  step INTEGER NOT NULL CHECK (step >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('recorded', 'escalated', 'resolved')),
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  escalated_to TEXT,
  note TEXT,
  CHECK ((kind = 'escalated') = (escalated_to IS NOT NULL)),
  PRIMARY KEY (incident_id, step)
) STRICT, WITHOUT ROWID;
