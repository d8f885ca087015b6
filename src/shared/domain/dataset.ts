import { z } from 'zod';

export const sensitivitySchema = z.enum(['public', 'internal', 'confidential', 'restricted']);
export type Sensitivity = z.infer<typeof sensitivitySchema>;
export const sensitivityLabels: Record<Sensitivity, string> = {
  public: 'Public',
  internal: 'Internal',
  confidential: 'Confidential',
  restricted: 'Restricted',
};

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
  sensitivity: sensitivitySchema,
  status: datasetStatusSchema,
  steward: z.string().trim().max(120, 'Steward must be at most 120 characters'),
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
  id: z.string(),
  ownerNode: z.string(),
  version: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export const datasetSortFieldSchema = z.enum([
  'identifier',
  'title',
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
  sort: z
    .strictObject({ field: datasetSortFieldSchema, direction: z.enum(['asc', 'desc']) })
    .default({ field: 'title', direction: 'asc' }),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type DatasetListQuery = z.infer<typeof datasetListQuerySchema>;
export type DatasetListQueryInput = z.input<typeof datasetListQuerySchema>;

export const datasetPageSchema = z.strictObject({
  rows: z.array(datasetSchema),
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
});
export type DatasetPage = z.infer<typeof datasetPageSchema>;

export const emptyDatasetDraft: DatasetDraft = {
  identifier: '',
  title: '',
  description: '',
  sensitivity: 'internal',
  status: 'active',
  steward: '',
  formats: [],
  tags: [],
};
