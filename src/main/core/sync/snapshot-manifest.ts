import { z } from 'zod';
import { nodeIdSchema, snapshotRecordKindSchema } from '../../../shared/domain/sync';
import type { SnapshotRecordKind } from '../../../shared/domain/sync';
import { tableSpecs } from '../db/schema';
import type { ReplicaRow } from '../commands/sync-events';
import { replicaColumns, replicaTables } from './replica-tables';

export const SNAPSHOT_PAYLOAD_TYPE = 'application/vnd.concordat.snapshot+json; version=1';
export const SNAPSHOT_FORMAT = 'concordat.snapshot/1';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 digest in lowercase hex');
const base64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'Expected a base64 SHA-256 hash');
const instant = z.iso.datetime({ offset: true });

/**
 * The signed part of a snapshot (ARCHITECTURE.md §4): who issued it for whom, where it sits in
 * the sequence for that audience, the issuer's signed checkpoint with a consistency proof from
 * the one in the previous snapshot, and a digest per part so parts cannot be swapped between
 * snapshots.
 */
export const snapshotManifestSchema = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    issuer: z
      .object({
        nodeId: nodeIdSchema,
        organisation: z.string().min(1).max(200),
        vkey: z.string().min(1).max(400),
      })
      .strict(),
    audience: nodeIdSchema,
    version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** Digest of the previous snapshot to this audience; null for the first. */
    prev: hex64.nullable(),
    issuedAt: instant,
    expiresAt: instant,
    /** The issuer's checkpoint as a C2SP signed note. */
    checkpoint: z.string().min(1).max(8192),
    consistency: z
      .object({
        fromSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        proof: z.array(base64Hash).max(128),
      })
      .strict()
      .nullable(),
    parts: z
      .array(
        z
          .object({
            name: snapshotRecordKindSchema,
            digest: hex64,
            bytes: z.number().int().min(0),
            records: z.number().int().min(0),
          })
          .strict(),
      )
      .max(5),
  })
  .strict();
export type SnapshotManifest = z.infer<typeof snapshotManifestSchema>;

/** Columns holding whole documents (JSON text): a charter, a dataset's distributions. */
const largeColumns: ReadonlySet<string> = new Set(['content', 'distributions', 'schema_fields']);

/** What a record's column may hold: the one description both checks below are built from. */
interface ColumnRule {
  name: string;
  integer: boolean;
  nullable: boolean;
  /**
   * Longest text. zod's `max` counts code points; the quick check counts UTF-16 units (never
   * fewer), so a text it passes the schema passes too.
   */
  maxLength: number;
}

function columnRules(kind: SnapshotRecordKind): ColumnRule[] {
  const specs = tableSpecs[replicaTables[kind]] as Record<
    string,
    { type: string; notNull: boolean }
  >;
  const rules: ColumnRule[] = [];
  for (const name of replicaColumns(kind)) {
    const spec = specs[name];
    if (!spec) continue;
    rules.push({
      name,
      integer: spec.type === 'INTEGER',
      nullable: !spec.notNull,
      maxLength: largeColumns.has(name) ? 512 * 1024 : 16 * 1024,
    });
  }
  return rules;
}

/**
 * One record of a part: exactly the owner's projection row (no more, no fewer columns), each
 * value of the column's SQL type. The rest of each table's rules (enumerations, JSON shape)
 * are the table's CHECK constraints, which the import's transaction meets as well. The parsed
 * object has its keys in column order, so its JSON is the same whichever order they came in.
 */
function recordSchema(kind: SnapshotRecordKind): z.ZodType<ReplicaRow> {
  const shape: Record<string, z.ZodType> = {};
  for (const rule of columnRules(kind)) {
    const base = rule.integer
      ? z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)
      : z.string().max(rule.maxLength);
    shape[rule.name] = rule.nullable ? base.nullable() : base;
  }
  return z.object(shape).strict() as unknown as z.ZodType<ReplicaRow>;
}

const recordSchemas = new Map<SnapshotRecordKind, z.ZodType<ReplicaRow>>();

export function snapshotRecordSchema(kind: SnapshotRecordKind): z.ZodType<ReplicaRow> {
  let schema = recordSchemas.get(kind);
  if (!schema) {
    schema = recordSchema(kind);
    recordSchemas.set(kind, schema);
  }
  return schema;
}

/**
 * A quick test a record passes only if the record schema accepts it unchanged: a plain object
 * with exactly the kind's columns as its own keys, in column order, each value of its column's
 * type (a safe integer, or a string no longer than the column allows, or null where the
 * column allows it). The schema then returns the same keys in the same order with the same
 * values, so a record that passes needs no schema parse; one that fails goes through the
 * schema, which accepts it (keys in another order, say) or says what is wrong. A property
 * test holds the test to the schema.
 */
export type RecordCheck = (value: unknown) => value is ReplicaRow;

const recordChecks = new Map<SnapshotRecordKind, RecordCheck>();

export function snapshotRecordCheck(kind: SnapshotRecordKind): RecordCheck {
  let check = recordChecks.get(kind);
  if (!check) {
    check = recordCheck(columnRules(kind));
    recordChecks.set(kind, check);
  }
  return check;
}

function recordCheck(rules: readonly ColumnRule[]): RecordCheck {
  return (value: unknown): value is ReplicaRow => {
    if (typeof value !== 'object' || value === null) return false;
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    const keys = Object.keys(value);
    if (keys.length !== rules.length) return false;
    const record = value as Record<string, unknown>;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as ColumnRule;
      if (keys[i] !== rule.name) return false;
      const item = record[rule.name];
      if (item === null) {
        if (!rule.nullable) return false;
      } else if (rule.integer) {
        if (typeof item !== 'number' || !Number.isSafeInteger(item)) return false;
      } else if (typeof item !== 'string' || item.length > rule.maxLength) {
        return false;
      }
    }
    return true;
  };
}
