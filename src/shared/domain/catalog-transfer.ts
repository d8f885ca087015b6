import { z } from 'zod';

/** The largest file the catalog imports: ample for 100,000 rows, small enough to hold in memory. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
/** Errors listed in a preview; the count beyond that is still reported. */
export const MAX_LISTED_IMPORT_ERRORS = 2000;

export const importFormatSchema = z.enum(['csv', 'json']);
export type ImportFormat = z.infer<typeof importFormatSchema>;

export const importSourceSchema = z.strictObject({
  format: importFormatSchema,
  fileName: z.string().trim().min(1).max(255),
  /** The file's text. The renderer decodes it as strict UTF-8 and refuses anything else. */
  content: z.string().max(MAX_IMPORT_BYTES, 'The file is larger than 32 MB'),
});
export type ImportSource = z.infer<typeof importSourceSchema>;

/**
 * One problem, located: the row as a spreadsheet numbers it (the header is row 1, so the first
 * dataset is row 2; in JSON, the first item is row 1), the column, and the rule it breaks.
 */
export const importErrorSchema = z.strictObject({
  row: z.number().int().min(0),
  column: z.string(),
  rule: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importPreviewRowSchema = z.strictObject({
  row: z.number().int().min(0),
  identifier: z.string(),
  title: z.string(),
  category: z.string(),
  valid: z.boolean(),
});

export const importPreviewSchema = z.strictObject({
  fileName: z.string(),
  format: importFormatSchema,
  columns: z.array(z.string()),
  totalRows: z.number().int().min(0),
  validRows: z.number().int().min(0),
  /** Row numbers with at least one error, ascending. */
  invalidRows: z.array(z.number().int().min(0)),
  errors: z.array(importErrorSchema),
  /** How many errors there are in all; `errors` lists the first ones. */
  errorCount: z.number().int().min(0),
  /** Errors about the whole file (encoding, columns), not one row; the file cannot import. */
  fileErrors: z.array(importErrorSchema),
  /** The first rows, to show what the file holds. */
  sample: z.array(importPreviewRowSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importCommitSchema = z.strictObject({
  source: importSourceSchema,
  /**
   * Rows the user chose to leave out. Commit re-validates the file and refuses unless every
   * invalid row is excluded, so a preview can never vouch for a different file.
   */
  exclude: z.array(z.number().int().min(0)).max(MAX_IMPORT_ROWS),
});

export const importResultSchema = z.strictObject({
  created: z.number().int().min(0),
  excluded: z.number().int().min(0),
  /** Ledger sequence numbers of the first and last entries the import wrote. */
  firstSeq: z.number().int().min(0).nullable(),
  lastSeq: z.number().int().min(0).nullable(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const exportFormatSchema = z.enum(['csv', 'dcat']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

export const catalogExportSchema = z.strictObject({
  format: exportFormatSchema,
  fileName: z.string(),
  mediaType: z.string(),
  content: z.string(),
  datasets: z.number().int().min(0),
});
export type CatalogExport = z.infer<typeof catalogExportSchema>;
