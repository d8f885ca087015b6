-- Issue 4: charter versions, the people who share this node, and the full dataset record.

-- People who operate this node (a small organisation may share one). Ledger entries name who
-- acted; charter approval needs a lead other than the author when there are several leads.
CREATE TABLE member (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  roles TEXT NOT NULL CHECK (json_valid(roles) AND json_type(roles) = 'array'),
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  added_at TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX member_name ON member (name COLLATE NOCASE);

-- Versions of the data-sharing charter owned by a node. `content` is the whole charter as JSON
-- (charterContentSchema); the stamps record who moved it through its lifecycle and when.
CREATE TABLE charter_version (
  id TEXT PRIMARY KEY,
  owner_node TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  status TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'superseded')),
  title TEXT NOT NULL,
  content TEXT NOT NULL CHECK (json_valid(content) AND json_type(content) = 'object'),
  based_on INTEGER,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  editors TEXT NOT NULL CHECK (json_valid(editors) AND json_type(editors) = 'array'),
  submitted_by TEXT,
  submitted_at TEXT,
  approved_by TEXT,
  approved_at TEXT,
  approval_note TEXT,
  published_by TEXT,
  published_at TEXT,
  superseded_at TEXT,
  returned_by TEXT,
  returned_at TEXT,
  return_reason TEXT
) STRICT;

CREATE UNIQUE INDEX charter_version_number ON charter_version (owner_node, version);
-- One published version and at most one version in the works per owner, by construction.
CREATE UNIQUE INDEX charter_version_one_published ON charter_version (owner_node)
  WHERE status = 'published';
CREATE UNIQUE INDEX charter_version_one_open ON charter_version (owner_node)
  WHERE status IN ('draft', 'in_review', 'approved');

-- Defence in depth behind the command layer: what was published is never rewritten.
CREATE TRIGGER charter_version_published_is_immutable BEFORE UPDATE ON charter_version
WHEN OLD.status IN ('published', 'superseded')
  AND (NEW.content IS NOT OLD.content OR NEW.version IS NOT OLD.version
       OR (OLD.status = 'superseded' AND NEW.status IS NOT 'superseded'))
BEGIN SELECT RAISE(ABORT, 'a published charter version cannot be changed'); END;
CREATE TRIGGER charter_version_no_delete_published BEFORE DELETE ON charter_version
WHEN OLD.status IN ('published', 'superseded')
BEGIN SELECT RAISE(ABORT, 'a published charter version cannot be deleted'); END;

-- The dataset record grows the fields the charter governs. Rebuilt rather than altered so the
-- new columns get their CHECKs, and so rows get a stable integer key for the search index
-- (VACUUM may renumber the rowids of a table without an INTEGER PRIMARY KEY).
CREATE TABLE dataset_v2 (
  id TEXT NOT NULL UNIQUE,
  owner_node TEXT NOT NULL,
  identifier TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  category TEXT NOT NULL,
  holder TEXT NOT NULL,
  sensitivity TEXT NOT NULL CHECK (sensitivity IN ('public', 'internal', 'confidential', 'restricted')),
  status TEXT NOT NULL CHECK (status IN ('active', 'deprecated', 'retired')),
  steward TEXT NOT NULL,
  cadence TEXT NOT NULL CHECK (cadence IN ('realtime', 'hourly', 'daily', 'weekly', 'monthly', 'quarterly')),
  retention TEXT NOT NULL,
  distributions TEXT NOT NULL CHECK (json_valid(distributions) AND json_type(distributions) = 'array'),
  schema_fields TEXT NOT NULL CHECK (json_valid(schema_fields) AND json_type(schema_fields) = 'array'),
  pushers TEXT NOT NULL CHECK (json_valid(pushers) AND json_type(pushers) = 'array'),
  formats TEXT NOT NULL CHECK (json_valid(formats) AND json_type(formats) = 'array'),
  tags TEXT NOT NULL CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  row_key INTEGER PRIMARY KEY
) STRICT;

-- Datasets recorded before this version had no category, holder, cadence or retention: they
-- come across with the blanks and defaults the ledger replay gives them, and are flagged.
INSERT INTO dataset_v2 (id, owner_node, identifier, title, description, category, holder,
  sensitivity, status, steward, cadence, retention, distributions, schema_fields, pushers,
  formats, tags, version, created_at, updated_at)
SELECT id, owner_node, identifier, title, description, '', '', sensitivity, status, steward,
  'daily', 'P1Y', '[]', '[]', '[]', formats, tags, version, created_at, updated_at
FROM dataset ORDER BY rowid;

DROP TABLE dataset;
ALTER TABLE dataset_v2 RENAME TO dataset;

CREATE UNIQUE INDEX dataset_owner_identifier ON dataset (owner_node, identifier);
-- One index per sort order of the catalog table, each ending with the filter columns: a
-- filtered, sorted page is read in index order, rows are skipped on the index alone, and only
-- the rows shown are fetched. Status, sensitivity and cadence sort by meaning, not alphabet.
CREATE INDEX dataset_title ON dataset (title COLLATE NOCASE, id, status, sensitivity, category);
CREATE INDEX dataset_updated_at ON dataset (updated_at, id, status, sensitivity, category);
CREATE INDEX dataset_identifier ON dataset (identifier, id, status, sensitivity, category);
CREATE INDEX dataset_category ON dataset (category, id, status, sensitivity);
CREATE INDEX dataset_holder ON dataset (holder COLLATE NOCASE, id, status, sensitivity, category);
CREATE INDEX dataset_steward ON dataset (steward COLLATE NOCASE, id, status, sensitivity, category);
CREATE INDEX dataset_sensitivity_rank ON dataset (
  (CASE sensitivity WHEN 'public' THEN 0 WHEN 'internal' THEN 1 WHEN 'confidential' THEN 2 ELSE 3 END),
  id, status, category);
CREATE INDEX dataset_status_rank ON dataset (
  (CASE status WHEN 'active' THEN 0 WHEN 'deprecated' THEN 1 ELSE 2 END),
  id, sensitivity, category);
CREATE INDEX dataset_cadence_rank ON dataset (
  (CASE cadence WHEN 'realtime' THEN 0 WHEN 'hourly' THEN 1 WHEN 'daily' THEN 2 WHEN 'weekly' THEN 3 WHEN 'monthly' THEN 4 ELSE 5 END),
  id, status, sensitivity, category);
-- Covers the catalog's filters, so counting a filtered view never reads the wide rows.
CREATE INDEX dataset_facets ON dataset (status, sensitivity, category);

-- Full-text search over the catalog. An index, not a record: it holds no content of its own
-- (external content). The dataset.created applier adds each new row to it (a trigger doing
-- the same made bulk imports three times slower); these triggers follow updates and deletes.
CREATE VIRTUAL TABLE dataset_fts USING fts5(
  identifier, title, description, steward, holder, category, tags, formats,
  content = 'dataset', content_rowid = 'row_key',
  -- No prefix index: at 100,000 datasets a prefix query costs under 10 ms without one, and
  -- keeping one made imports markedly slower.
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER dataset_fts_delete AFTER DELETE ON dataset BEGIN
  INSERT INTO dataset_fts (dataset_fts, rowid, identifier, title, description, steward, holder, category, tags, formats)
  VALUES ('delete', old.row_key, old.identifier, old.title, old.description, old.steward, old.holder, old.category, old.tags, old.formats);
END;
CREATE TRIGGER dataset_fts_update AFTER UPDATE ON dataset BEGIN
  INSERT INTO dataset_fts (dataset_fts, rowid, identifier, title, description, steward, holder, category, tags, formats)
  VALUES ('delete', old.row_key, old.identifier, old.title, old.description, old.steward, old.holder, old.category, old.tags, old.formats);
  INSERT INTO dataset_fts (rowid, identifier, title, description, steward, holder, category, tags, formats)
  VALUES (new.row_key, new.identifier, new.title, new.description, new.steward, new.holder, new.category, new.tags, new.formats);
END;

INSERT INTO dataset_fts (dataset_fts) VALUES ('rebuild');
