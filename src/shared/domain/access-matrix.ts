import { z } from 'zod';
import { grantStatusSchema } from './access';

/**
 * The matrix view: principals down, datasets across, the level of their live grant in the
 * cell. At 200,000 grants the whole matrix is far too large to show, so it is always narrowed
 * to an organisation, a category or a search, and its datasets come a window at a time.
 */
export const accessMatrixQuerySchema = z.strictObject({
  organisation: z.string().trim().min(1).max(120).optional(),
  category: z.string().trim().min(1).max(48).optional(),
  /** Words matched against dataset identifiers and titles. */
  search: z.string().trim().max(200).optional(),
  datasetOffset: z.number().int().min(0).max(1_000_000).default(0),
  datasetLimit: z.number().int().min(1).max(60).default(30),
});
export type AccessMatrixQuery = z.infer<typeof accessMatrixQuerySchema>;
export type AccessMatrixQueryInput = z.input<typeof accessMatrixQuerySchema>;

export const matrixCellSchema = z.strictObject({
  principalId: z.string(),
  datasetId: z.string(),
  grantId: z.string(),
  level: z.string(),
  status: grantStatusSchema,
  /** Several live grants of one principal on one dataset: the cell shows the highest level. */
  others: z.number().int().min(0),
});
export type MatrixCell = z.infer<typeof matrixCellSchema>;

export const accessMatrixSchema = z.strictObject({
  principals: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      organisation: z.string(),
      tier: z.string().nullable(),
    }),
  ),
  datasets: z.array(z.strictObject({ id: z.string(), identifier: z.string(), title: z.string() })),
  /** How many datasets with live grants the filters match (the window is `datasets`). */
  datasetTotal: z.number().int().min(0),
  datasetOffset: z.number().int().min(0),
  cells: z.array(matrixCellSchema),
  /** The governing charter's levels, lowest first, so the cell can be shaded by rank. */
  levels: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  today: z.string(),
});
export type AccessMatrix = z.infer<typeof accessMatrixSchema>;
