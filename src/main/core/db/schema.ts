import type { ColumnType, Generated } from 'kysely';

/**
 * The projection tables as data. The kysely `DB` type below is derived from this object, and
 * schema.test.ts compares it with what the migrations actually create, so the types, this
 * description and the SQL cannot drift apart unnoticed.
 */
type SqlType = 'TEXT' | 'INTEGER' | 'REAL' | 'BLOB';
interface ColumnSpec {
  type: SqlType;
  notNull: boolean;
  /** Filled by SQLite (for example an INTEGER PRIMARY KEY) when omitted on insert. */
  generated?: boolean;
}

const text = { type: 'TEXT', notNull: true } as const;
const integer = { type: 'INTEGER', notNull: true } as const;
const nullableText = { type: 'TEXT', notNull: false } as const;
const nullableInteger = { type: 'INTEGER', notNull: false } as const;

export const tableSpecs = {
  node: {
    singleton: { type: 'INTEGER', notNull: true, generated: true },
    node_id: text,
    organisation: text,
    operator: text,
    /** JSON array of role names. */
    roles: text,
    created_at: text,
  },
  node_key: {
    key_name: text,
    public_key: { type: 'BLOB', notNull: true },
    vkey: text,
    created_at: text,
  },
  member: {
    id: text,
    name: text,
    /** JSON array of role names. */
    roles: text,
    active: integer,
    added_at: text,
  },
  charter_version: {
    id: text,
    owner_node: text,
    version: integer,
    status: text,
    title: text,
    /** JSON: charterContentSchema. */
    content: text,
    based_on: nullableInteger,
    revision: integer,
    created_by: text,
    created_at: text,
    /** JSON array of operator names. */
    editors: text,
    submitted_by: nullableText,
    submitted_at: nullableText,
    approved_by: nullableText,
    approved_at: nullableText,
    approval_note: nullableText,
    published_by: nullableText,
    published_at: nullableText,
    superseded_at: nullableText,
    returned_by: nullableText,
    returned_at: nullableText,
    return_reason: nullableText,
  },
  dataset: {
    id: text,
    owner_node: text,
    identifier: text,
    title: text,
    description: text,
    category: text,
    holder: text,
    sensitivity: text,
    status: text,
    steward: text,
    /** A cadence key: realtime, hourly, daily, weekly, monthly, quarterly. */
    cadence: text,
    retention: text,
    /** JSON array of distributions. */
    distributions: text,
    /** JSON array of schema fields. */
    schema_fields: text,
    /** JSON array of strings. */
    pushers: text,
    /** JSON array of strings. */
    formats: text,
    /** JSON array of strings. */
    tags: text,
    version: integer,
    created_at: text,
    updated_at: text,
    /** Stable integer key the full-text index refers to rows by. */
    row_key: { type: 'INTEGER', notNull: true, generated: true },
  },
  principal: {
    id: text,
    owner_node: text,
    /** partner-role or internal-role. */
    kind: text,
    name: text,
    organisation: text,
    /** A partner tier id of the charter; null until one is assigned. */
    tier: nullableText,
    /** JSON array of legal basis ids. */
    legal_bases: text,
    created_at: text,
    updated_at: text,
    version: integer,
  },
  access_grant: {
    id: text,
    owner_node: text,
    principal_id: text,
    dataset_id: text,
    level: text,
    purpose: text,
    /** YYYY-MM-DD. */
    start_day: text,
    /** YYYY-MM-DD, the day access ends (the first day without it); the policy requires one. */
    until_day: nullableText,
    justification: text,
    /** requested, approved, suspended or revoked; active and expired are derived from dates. */
    status: text,
    requested_by: text,
    requested_at: text,
    approved_by: nullableText,
    approved_at: nullableText,
    revoked_by: nullableText,
    revoked_at: nullableText,
    revoke_reason: nullableText,
    version: integer,
  },
  grant_step: {
    grant_id: text,
    /** The grant's version once this step was applied; 1 is the request. */
    step: integer,
    /** requested, approved, suspended, reinstated, narrowed or revoked. */
    kind: text,
    by: text,
    at: text,
    reason: nullableText,
    /** JSON: what a narrowing changed, {"from": {level, until}, "to": {level, until}}. */
    detail: nullableText,
    /** incident, review or charter: what caused the step. */
    source_kind: nullableText,
    source_id: nullableText,
  },
  incident: {
    id: text,
    owner_node: text,
    title: text,
    description: text,
    /** low, medium, high or critical. */
    severity: text,
    /** open, escalated or resolved. */
    status: text,
    /** partner, dataset or grant. */
    subject_kind: text,
    /** The organisation's name (partner), the dataset's id or the grant's id. */
    subject_ref: text,
    reporter: text,
    recorded_by: text,
    recorded_at: text,
    /** The latest escalation; earlier ones are in incident_step. */
    escalated_by: nullableText,
    escalated_at: nullableText,
    escalated_to: nullableText,
    escalation_note: nullableText,
    resolved_by: nullableText,
    resolved_at: nullableText,
    resolution: nullableText,
    version: integer,
  },
  incident_step: {
    incident_id: text,
    /** The incident's version once this step was applied; 1 is the recording. */
    step: integer,
    /** recorded, escalated or resolved. */
    kind: text,
    by: text,
    at: text,
    /** The severity after the step. */
    severity: text,
    escalated_to: nullableText,
    /** An escalation's note or the resolution. */
    note: nullableText,
  },
  review_campaign: {
    id: text,
    owner_node: text,
    name: text,
    /** all, partner or category. */
    scope_kind: text,
    /** The organisation (partner) or the charter category id (category); null for all. */
    scope_value: nullableText,
    /** YYYY-MM-DD: the day the campaign listed the grants live then. */
    as_of_day: text,
    /** YYYY-MM-DD. */
    due_day: text,
    /** JSON array of member names. */
    reviewers: text,
    /** open or closed. */
    status: text,
    created_by: text,
    created_at: text,
    closed_by: nullableText,
    closed_at: nullableText,
    version: integer,
  },
  review_item: {
    campaign_id: text,
    /** 1-based place in the campaign's listing (organisation, principal, dataset, grant id). */
    position: integer,
    grant_id: text,
    /** The grant's terms when the campaign opened. */
    principal_id: text,
    dataset_id: text,
    level: text,
    purpose: text,
    until_day: nullableText,
    /** keep, revoke or narrow; null while undecided. */
    decision: nullableText,
    justification: nullableText,
    /** A narrowing's new level and end day. */
    narrowed_level: nullableText,
    narrowed_until: nullableText,
    decided_by: nullableText,
    decided_at: nullableText,
  },
  peer: {
    node_id: text,
    organisation: text,
    operator: text,
    /** JSON array: the roles the peer's card claims. */
    card_roles: text,
    vkey: text,
    fingerprint: text,
    /** partner or colleague. */
    relationship: text,
    tier: nullableText,
    /** JSON array: the roles this node recognises for a colleague. */
    roles: text,
    governs: integer,
    /** trusted or revoked. */
    status: text,
    /** The identity card (DSSE envelope JSON) it was pinned from. */
    card: text,
    added_by: text,
    added_at: text,
    revoked_by: nullableText,
    revoked_at: nullableText,
    revoke_reason: nullableText,
  },
  peer_key: {
    peer_id: text,
    vkey: text,
    fingerprint: text,
    trusted_at: text,
    retired_at: nullableText,
    statement: nullableText,
  },
  snapshot_sent: {
    peer_id: text,
    version: integer,
    digest: text,
    issued_at: text,
    expires_at: text,
    checkpoint_size: integer,
    records: integer,
    bytes: integer,
  },
  snapshot_received: {
    peer_id: text,
    version: integer,
    digest: text,
    issued_at: text,
    expires_at: text,
    imported_at: text,
    /** The issuer's signed checkpoint (signed note) the snapshot carried. */
    checkpoint: text,
    checkpoint_size: integer,
    added: integer,
    changed: integer,
    removed: integer,
    /** JSON: SnapshotDiff. */
    diff: text,
    /** JSON: the name and digest of each part the snapshot carried. */
    parts: text,
  },
  replica_record: {
    peer_id: text,
    kind: text,
    record_id: text,
    digest: text,
  },
  charter_endorsement: {
    id: text,
    owner_node: text,
    charter_owner: text,
    charter_id: text,
    charter_version: integer,
    content_digest: text,
    endorsed_by: text,
    endorsed_at: text,
    note: text,
    /** DSSE envelope JSON signed by the endorsing node. */
    statement: text,
  },
  sync_alarm: {
    id: text,
    peer_id: text,
    kind: text,
    detail: text,
    /** JSON: what the two signed views were. */
    evidence: text,
    raised_at: text,
  },
} as const satisfies Record<string, Record<string, ColumnSpec>>;

const blob = { type: 'BLOB', notNull: true } as const;

/** The ledger's own tables: written only by the ledger store, never by event appliers. */
export const ledgerTableSpecs = {
  ledger_entry: {
    seq: integer,
    bytes: blob,
    leaf_hash: blob,
    type: text,
    actor: text,
    entity: { type: 'TEXT', notNull: false },
    time: text,
  },
  ledger_subtree: {
    level: integer,
    idx: integer,
    hash: blob,
  },
  ledger_checkpoint: {
    id: { type: 'INTEGER', notNull: true, generated: true },
    origin: text,
    size: integer,
    root: blob,
    note: text,
    source: text,
    recorded_at: text,
  },
} as const satisfies Record<string, Record<string, ColumnSpec>>;

type ValueOf<S extends ColumnSpec> = S['type'] extends 'TEXT'
  ? string
  : S['type'] extends 'INTEGER' | 'REAL'
    ? number
    : Uint8Array;

type Column<S extends ColumnSpec> = S extends { generated: true }
  ? Generated<ValueOf<S>>
  : S['notNull'] extends true
    ? ValueOf<S>
    : ColumnType<ValueOf<S> | null, ValueOf<S> | null | undefined, ValueOf<S> | null>;

type TableOf<T extends Record<string, ColumnSpec>> = { [C in keyof T]: Column<T[C]> };

type AllTables = typeof tableSpecs & typeof ledgerTableSpecs;
export type DB = { [T in keyof AllTables]: TableOf<AllTables[T]> };
export type ProjectionTable = keyof typeof tableSpecs;
export type TableName = keyof DB;

/**
 * Tables outside the projections, never written by event appliers nor rebuilt by replay: the
 * migration runner's record, and the sync outbox's local delivery state (sync/outbox, plain SQL).
 */
export const bookkeepingTables = ['schema_migrations', 'sync_outbox', 'peer_transport'] as const;

/** The catalog's FTS5 index and its shadow tables: derived from `dataset` by triggers. */
export const searchIndexTables = [
  'dataset_fts',
  'dataset_fts_config',
  'dataset_fts_data',
  'dataset_fts_docsize',
  'dataset_fts_idx',
] as const;
