import { z } from 'zod';
import { useStoredState } from '../../ui/use-stored-state';

/** The catalog table's columns, in display order, with the names the column menu shows. */
export const catalogColumnLabels = {
  identifier: 'Identifier',
  title: 'Title',
  category: 'Category',
  holder: 'Holder',
  sensitivity: 'Sensitivity',
  cadence: 'Cadence',
  status: 'Status',
  findings: 'Charter',
  steward: 'Steward',
  formats: 'Formats',
  tags: 'Tags',
  updatedAt: 'Updated',
} as const;
export type CatalogColumnId = keyof typeof catalogColumnLabels;
export const catalogColumnIds = Object.keys(catalogColumnLabels) as CatalogColumnId[];

/** Without these a row cannot be recognised, so they cannot be hidden. */
export const requiredColumns: readonly CatalogColumnId[] = ['identifier', 'title'];
/** Formats are mostly repeated by the distributions now; the rest start visible. */
const defaultHidden: CatalogColumnId[] = ['formats'];

const storageKey = 'concordat.catalog.hiddenColumns';
const hiddenSchema = z
  .array(z.string())
  .transform((ids) =>
    catalogColumnIds.filter((id) => ids.includes(id) && !requiredColumns.includes(id)),
  );

/** The columns the user hid, remembered in this window's storage across sessions. */
export function useHiddenColumns(): [CatalogColumnId[], (next: CatalogColumnId[]) => void] {
  return useStoredState<CatalogColumnId[]>(storageKey, hiddenSchema, defaultHidden);
}
