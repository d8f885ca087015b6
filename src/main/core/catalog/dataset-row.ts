import { z } from 'zod';
import {
  type Dataset,
  type DatasetDraft,
  datasetStatusSchema,
  distributionSchema,
  schemaFieldSchema,
  sensitivitySchema,
} from '../../../shared/domain/dataset';
import {
  cadenceKey,
  cadenceKeySchema,
  cadenceOfKey,
} from '../../../shared/domain/governance-terms';
import type { Selectable } from 'kysely';
import type Database from 'better-sqlite3';
import type { DB } from '../db/schema';
import { runRaw } from '../db/sql';

type DatasetRow = Omit<Selectable<DB['dataset']>, 'row_key'>;

// Built once: the catalog reads hundreds of rows per page.
const distributionList = z.array(distributionSchema);
const schemaFieldList = z.array(schemaFieldSchema);
const stringList = z.array(z.string());

function jsonArray<T>(json: string, list: z.ZodType<T[]>): T[] {
  const parsed = list.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : [];
}

export function datasetFromRow(row: DatasetRow): Dataset {
  return {
    id: row.id,
    ownerNode: row.owner_node,
    identifier: row.identifier,
    title: row.title,
    description: row.description,
    category: row.category,
    holder: row.holder,
    sensitivity: sensitivitySchema.parse(row.sensitivity),
    status: datasetStatusSchema.parse(row.status),
    steward: row.steward,
    cadence: cadenceOfKey(cadenceKeySchema.parse(row.cadence)),
    retention: row.retention,
    distributions: jsonArray(row.distributions, distributionList),
    schemaFields: jsonArray(row.schema_fields, schemaFieldList),
    pushers: jsonArray(row.pushers, stringList),
    formats: jsonArray(row.formats, stringList),
    tags: jsonArray(row.tags, stringList),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Ledger entries written before issue 4 carry datasets without the charter-governed fields;
 * replaying them must give what the 0004 migration gave the live rows, so the gaps are filled
 * the same way here.
 */
const legacyDefaults = {
  category: '',
  holder: '',
  cadence: { kind: 'periodic', interval: 'daily' },
  retention: 'P1Y',
  distributions: [],
  schemaFields: [],
  pushers: [],
} as const satisfies Partial<DatasetDraft>;

/** The columns a dataset draft sets, as the appliers write them. */
export function datasetDraftColumns(
  stored: Partial<DatasetDraft> & Omit<DatasetDraft, keyof typeof legacyDefaults>,
) {
  const draft = { ...legacyDefaults, ...stored };
  return {
    identifier: draft.identifier,
    title: draft.title,
    description: draft.description,
    category: draft.category,
    holder: draft.holder,
    sensitivity: draft.sensitivity,
    status: draft.status,
    steward: draft.steward,
    cadence: cadenceKey(draft.cadence),
    retention: draft.retention,
    // Keys in sorted order, as the canonical JSON of the ledger entries has them, so a replay
    // of the ledger writes byte-identical columns. (JSON.stringify escapes strings exactly as
    // RFC 8785 does; spelling the keys out is much cheaper than canonicalising per row.)
    distributions: JSON.stringify(
      draft.distributions.map(({ format, kind, url }) => ({ format, kind, url })),
    ),
    schema_fields: JSON.stringify(
      draft.schemaFields.map(({ classification, name, personalData, type }) => ({
        classification,
        name,
        personalData,
        type,
      })),
    ),
    pushers: JSON.stringify(draft.pushers),
    formats: JSON.stringify(draft.formats),
    tags: JSON.stringify(draft.tags),
  } satisfies Partial<DatasetRow>;
}

/**
 * Adds a new dataset row to the full-text index (migration 0004 explains why the applier does
 * this rather than a trigger). The columns are the ones the row was written with.
 */
export function indexDatasetForSearch(
  sqlite: Database.Database,
  rowKey: number | bigint,
  columns: ReturnType<typeof datasetDraftColumns>,
): void {
  runRaw(
    sqlite,
    'INSERT INTO dataset_fts (rowid, identifier, title, description, steward, holder, category, tags, formats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    rowKey,
    columns.identifier,
    columns.title,
    columns.description,
    columns.steward,
    columns.holder,
    columns.category,
    columns.tags,
    columns.formats,
  );
}
