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
  dataset: {
    id: text,
    owner_node: text,
    identifier: text,
    title: text,
    description: text,
    sensitivity: text,
    status: text,
    steward: text,
    /** JSON array of strings. */
    formats: text,
    /** JSON array of strings. */
    tags: text,
    version: integer,
    created_at: text,
    updated_at: text,
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

/** Tables maintained by the migration runner itself, not part of the projections. */
export const bookkeepingTables = ['schema_migrations'] as const;
