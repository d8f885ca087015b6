-- The node this workspace belongs to: one row, written once at init.
CREATE TABLE node (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  node_id TEXT NOT NULL,
  organisation TEXT NOT NULL,
  operator TEXT NOT NULL,
  roles TEXT NOT NULL CHECK (json_valid(roles) AND json_type(roles) = 'array'),
  created_at TEXT NOT NULL
) STRICT;

-- The dataset catalog. Rows owned by this node and, later, verified replicas of partners'.
CREATE TABLE dataset (
  id TEXT PRIMARY KEY,
  owner_node TEXT NOT NULL,
  identifier TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  sensitivity TEXT NOT NULL CHECK (sensitivity IN ('public', 'internal', 'confidential', 'restricted')),
  status TEXT NOT NULL CHECK (status IN ('active', 'deprecated', 'retired')),
  steward TEXT NOT NULL,
  formats TEXT NOT NULL CHECK (json_valid(formats) AND json_type(formats) = 'array'),
  tags TEXT NOT NULL CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Identifiers are unique per owner: partners may reuse ours.
CREATE UNIQUE INDEX dataset_owner_identifier ON dataset (owner_node, identifier);
-- Indexes behind the catalog table's sort orders (id breaks ties for stable paging).
CREATE INDEX dataset_title ON dataset (title COLLATE NOCASE, id);
CREATE INDEX dataset_updated_at ON dataset (updated_at, id);
CREATE INDEX dataset_identifier ON dataset (identifier, id);
