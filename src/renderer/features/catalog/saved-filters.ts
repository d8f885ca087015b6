import { z } from 'zod';
import { useStoredState } from '../../ui/use-stored-state';
import { readFilters, writeFilters, type CatalogFilters } from './catalog-filters';

/** A named catalog view: search, filters and sort, as the URL query that shows them. */
export interface SavedFilter {
  name: string;
  query: string;
}

export const savedFilterNameMaxLength = 60;
const maxSavedFilters = 50;
const storageKey = 'concordat.catalog.savedFilters';

const savedFiltersSchema = z
  .array(
    z.object({
      name: z.string().trim().min(1).max(savedFilterNameMaxLength),
      query: z.string().max(10_000),
    }),
  )
  .max(maxSavedFilters);

/** The query for `filters`, in the one form `writeFilters` gives, so equal views compare equal. */
export function queryOf(filters: CatalogFilters): string {
  return writeFilters(filters).toString();
}

export function filtersOf(saved: SavedFilter): CatalogFilters {
  return readFilters(new URLSearchParams(saved.query));
}

/** Adds `name` for `filters`, replacing a view saved under the same name in its place. */
export function withSaved(
  list: readonly SavedFilter[],
  name: string,
  filters: CatalogFilters,
): SavedFilter[] {
  const entry = { name: name.trim(), query: queryOf(filters) };
  const at = list.findIndex((saved) => saved.name === entry.name);
  if (at >= 0) return list.map((saved, index) => (index === at ? entry : saved));
  return [...list, entry].slice(-maxSavedFilters);
}

export function withoutSaved(list: readonly SavedFilter[], name: string): SavedFilter[] {
  return list.filter((saved) => saved.name !== name);
}

/** The saved views, kept in this window's storage: a preference, not a governance record. */
export function useSavedFilters(): [SavedFilter[], (next: SavedFilter[]) => void] {
  return useStoredState<SavedFilter[]>(storageKey, savedFiltersSchema, []);
}
