import { z } from 'zod';
import { cadenceSchema, isoDurationSchema, sensitivitySchema } from './governance-terms';

export { sensitivityLabels, sensitivitySchema } from './governance-terms';
export type { Sensitivity } from './governance-terms';

export const datasetStatusSchema = z.enum(['active', 'deprecated', 'retired']);
export type DatasetStatus = z.infer<typeof datasetStatusSchema>;
export const datasetStatusLabels: Record<DatasetStatus, string> = {
  active: 'Active',
  deprecated: 'Deprecated',
  retired: 'Retired',
};

const shortLabel = z
  .string()
  .trim()
  .min(1, 'Must not be empty')
  .max(40, 'Must be at most 40 characters');

/** How a distribution is reached: a file to download, or an API endpoint to call. */
export const distributionKindSchema = z.enum(['file', 'api']);
export type DistributionKind = z.infer<typeof distributionKindSchema>;

const urlSchema = z
  .string()
  .trim()
  .max(2000, 'A URL must be at most 2,000 characters')
  .refine((text) => {
    try {
      const url = new URL(text);
      return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) && url.protocol !== 'javascript:';
    } catch {
      return false;
    }
  }, 'Give an absolute URL such as https://data.example.org/trips');

/** The protocol is the URL's scheme (https, sftp, s3, kafka, mqtt, wss, ...). */
export function protocolOfUrl(url: string): string {
  const colon = url.indexOf(':');
  return colon > 0 ? url.slice(0, colon).toLowerCase() : '';
}

export const distributionSchema = z.strictObject({
  kind: distributionKindSchema,
  url: urlSchema,
  /** The media type or format name of what the URL serves (CSV, GeoJSON, Parquet, ...). */
  format: z.string().trim().max(40, 'A format must be at most 40 characters'),
});
export type Distribution = z.infer<typeof distributionSchema>;

export const fieldTypeSchema = z.enum([
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'geometry',
  'json',
]);
export type FieldType = z.infer<typeof fieldTypeSchema>;

export const schemaFieldSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Name the field')
    .max(64, 'A field name must be at most 64 characters')
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'Use letters, digits, _ . and -, starting with a letter'),
  type: fieldTypeSchema,
  personalData: z.boolean(),
  classification: sensitivitySchema,
});
export type SchemaField = z.infer<typeof schemaFieldSchema>;

function uniqueBy<T>(key: (item: T) => string) {
  return (items: T[]) => new Set(items.map(key)).size === items.length;
}

/**
 * The fields a steward edits. The form and the contract use this one schema, so the UI can
 * never accept what main would refuse.
 */
export const datasetDraftSchema = z.strictObject({
  identifier: z
    .string()
    .trim()
    .min(2, 'Identifier must be at least 2 characters')
    .max(64, 'Identifier must be at most 64 characters')
    .regex(
      /^[a-z0-9][a-z0-9._-]*$/,
      'Use lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit',
    ),
  title: z
    .string()
    .trim()
    .min(1, 'Title is required')
    .max(200, 'Title must be at most 200 characters'),
  description: z.string().trim().max(5000, 'Description must be at most 5,000 characters'),
  /** A data category of the governing charter, by id. */
  category: z.string().trim().min(1, 'Choose a category').max(48),
  /** The organisation (or node) that holds the data. */
  holder: z.string().trim().min(1, 'Name the holder').max(120, 'At most 120 characters'),
  sensitivity: sensitivitySchema,
  status: datasetStatusSchema,
  steward: z.string().trim().max(120, 'Steward must be at most 120 characters'),
  cadence: cadenceSchema,
  /** How long records are kept, as an ISO 8601 duration; may not exceed the category's. */
  retention: isoDurationSchema,
  distributions: z.array(distributionSchema).max(20, 'At most 20 distributions'),
  schemaFields: z
    .array(schemaFieldSchema)
    .max(500, 'At most 500 schema fields')
    .refine(
      uniqueBy((field: SchemaField) => field.name.toLowerCase()),
      'Each field name may be used once',
    ),
  /** Roles or organisations allowed to push updates to the dataset. */
  pushers: z
    .array(shortLabel)
    .max(30, 'At most 30 entries')
    .refine(
      uniqueBy((item: string) => item),
      'Each entry may be listed once',
    ),
  formats: z
    .array(shortLabel)
    .max(20, 'At most 20 formats')
    .refine((items) => new Set(items).size === items.length, 'Each format may be listed once'),
  tags: z
    .array(shortLabel)
    .max(30, 'At most 30 tags')
    .refine((items) => new Set(items).size === items.length, 'Each tag may be listed once'),
});
export type DatasetDraft = z.infer<typeof datasetDraftSchema>;
export type DatasetDraftInput = z.input<typeof datasetDraftSchema>;

export const datasetSchema = datasetDraftSchema.extend({
  // Datasets recorded before categories existed have none, nor a holder; they are flagged.
  category: z.string().max(48),
  holder: z.string().max(120),
  id: z.string(),
  ownerNode: z.string(),
  version: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Dataset = z.infer<typeof datasetSchema>;

/** A catalog row: the dataset and how many charter rules it breaks right now. */
export const datasetRowSchema = datasetSchema.extend({
  findings: z.number().int().min(0),
});
export type DatasetRow = z.infer<typeof datasetRowSchema>;

export const datasetSortFieldSchema = z.enum([
  'identifier',
  'title',
  'category',
  'holder',
  'cadence',
  'sensitivity',
  'status',
  'steward',
  'updatedAt',
]);
export type DatasetSortField = z.infer<typeof datasetSortFieldSchema>;

export const datasetListQuerySchema = z.strictObject({
  search: z.string().max(200, 'Search text must be at most 200 characters').default(''),
  status: z.array(datasetStatusSchema).max(3).optional(),
  sensitivity: z.array(sensitivitySchema).max(4).optional(),
  category: z.array(z.string().max(48)).max(200).optional(),
  sort: z
    .strictObject({ field: datasetSortFieldSchema, direction: z.enum(['asc', 'desc']) })
    .default({ field: 'title', direction: 'asc' }),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type DatasetListQuery = z.infer<typeof datasetListQuerySchema>;
export type DatasetListQueryInput = z.input<typeof datasetListQuerySchema>;

export const datasetPageSchema = z.strictObject({
  rows: z.array(datasetRowSchema),
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
});
export type DatasetPage = z.infer<typeof datasetPageSchema>;

export const emptyDatasetDraft: DatasetDraft = {
  identifier: '',
  title: '',
  description: '',
  category: '',
  holder: '',
  sensitivity: 'internal',
  status: 'active',
  steward: '',
  cadence: { kind: 'periodic', interval: 'daily' },
  retention: 'P1Y',
  distributions: [],
  schemaFields: [],
  pushers: [],
  formats: [],
  tags: [],
};

/** The steward-editable part of a stored dataset. */
export function draftOfDataset(dataset: Dataset): DatasetDraft {
  return {
    identifier: dataset.identifier,
    title: dataset.title,
    description: dataset.description,
    category: dataset.category,
    holder: dataset.holder,
    sensitivity: dataset.sensitivity,
    status: dataset.status,
    steward: dataset.steward,
    cadence: dataset.cadence,
    retention: dataset.retention,
    distributions: dataset.distributions,
    schemaFields: dataset.schemaFields,
    pushers: dataset.pushers,
    formats: dataset.formats,
    tags: dataset.tags,
  };
}
