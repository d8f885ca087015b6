-- Issue 5, item 5: access reviews. A campaign lists every live grant in its scope on the day it
-- opens; its reviewers decide keep, revoke or narrow for each, with a justification.

-- `scope_kind` all | partner | category; `scope_value` the organisation's name (partner) or the
-- charter category id (category), null for all. `as_of_day` is the day the grants were listed
-- (live = neither revoked nor expired on that day). `reviewers` is a JSON array of member names.
CREATE TABLE review_campaign (
  id TEXT PRIMARY KEY,
  owner_node TEXT NOT NULL,
  name TEXT NOT NULL,
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'partner', 'category')),
  scope_value TEXT,
  as_of_day TEXT NOT NULL CHECK (as_of_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  due_day TEXT NOT NULL CHECK (due_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  reviewers TEXT NOT NULL CHECK (json_valid(reviewers) AND json_type(reviewers) = 'array'),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  closed_by TEXT,
  closed_at TEXT,
  version INTEGER NOT NULL CHECK (version >= 1),
  CHECK ((scope_kind = 'all') = (scope_value IS NULL)),
  CHECK ((closed_by IS NULL) = (closed_at IS NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
) STRICT;

-- The campaign list: open ones first, soonest due first.
CREATE INDEX review_campaign_status ON review_campaign (status, due_day, id);

-- One grant under review, with its terms as they were when the campaign opened (what the
-- reviewer judged), and the decision. `position` numbers the items in the order the campaign
-- lists them (organisation, principal, dataset, grant id), so a page of a 200,000-item campaign
-- is read by walking the key rather than sorting. A narrowing's new terms sit beside it.
CREATE TABLE review_item (
  campaign_id TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 1),
  grant_id TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  level TEXT NOT NULL,
  purpose TEXT NOT NULL,
  until_day TEXT,
  decision TEXT CHECK (decision IS NULL OR decision IN ('keep', 'revoke', 'narrow')),
  justification TEXT,
  narrowed_level TEXT,
  narrowed_until TEXT,
  decided_by TEXT,
  decided_at TEXT,
  CHECK ((decision IS NULL) = (justification IS NULL)),
  CHECK ((decision IS NULL) = (decided_by IS NULL)),
  CHECK ((decision IS NULL) = (decided_at IS NULL)),
  CHECK ((decision IS 'narrow') = (narrowed_level IS NOT NULL)),
  CHECK ((narrowed_level IS NULL) = (narrowed_until IS NULL)),
  PRIMARY KEY (campaign_id, position)
) STRICT, WITHOUT ROWID;

-- A grant is listed once per campaign; a decision finds its item by grant.
CREATE UNIQUE INDEX review_item_grant ON review_item (campaign_id, grant_id);
-- Progress (count by decision) reads this alone; "undecided" (decision IS NULL) and one
-- decision's items page along it in position order.
CREATE INDEX review_item_decision ON review_item (campaign_id, decision, position);
