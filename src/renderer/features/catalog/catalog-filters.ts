import type { ChannelInput } from '../../../shared/contract';
import {
  datasetSortFieldSchema,
  datasetStatusSchema,
  sensitivitySchema,
  type DatasetSortField,
  type DatasetStatus,
  type Sensitivity,
} from '../../../shared/domain/dataset';

export interface DatasetSort {
  field: DatasetSortField;
  direction: 'asc' | 'desc';
}

/** What the catalog shows. It lives in the URL, so Back and a reload keep the view. */
export interface CatalogFilters {
  search: string;
  status: DatasetStatus[];
  sensitivity: Sensitivity[];
  /** Category ids of the governing charter; kept even when the charter no longer has them. */
  category: string[];
  sort: DatasetSort;
}

export const defaultSort: DatasetSort = { field: 'title', direction: 'asc' };
export const searchMaxLength = 200;
const categoryIdMaxLength = 48;
const maxCategories = 200;

function pick<T extends string>(values: readonly string[], allowed: readonly T[]): T[] {
  // Keep the schema's order so equal filters give equal queries (and share a cache key).
  return allowed.filter((option) => values.includes(option));
}

export function readFilters(params: URLSearchParams): CatalogFilters {
  const sortParam = params.get('sort') ?? '';
  const descending = sortParam.startsWith('-');
  const field = datasetSortFieldSchema.safeParse(descending ? sortParam.slice(1) : sortParam);
  return {
    search: (params.get('q') ?? '').slice(0, searchMaxLength),
    status: pick(params.getAll('status'), datasetStatusSchema.options),
    sensitivity: pick(params.getAll('sensitivity'), sensitivitySchema.options),
    category: readCategories(params.getAll('category')),
    sort: field.success
      ? { field: field.data, direction: descending ? 'desc' : 'asc' }
      : defaultSort,
  };
}

/** Ids are free text to the URL: keep the ones the contract accepts, once each, sorted. */
function readCategories(values: readonly string[]): string[] {
  const valid = values.filter((value) => value !== '' && value.length <= categoryIdMaxLength);
  return [...new Set(valid)].sort().slice(0, maxCategories);
}

export function writeFilters(filters: CatalogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search) params.set('q', filters.search);
  for (const status of filters.status) params.append('status', status);
  for (const sensitivity of filters.sensitivity) params.append('sensitivity', sensitivity);
  for (const category of filters.category) params.append('category', category);
  const { field, direction } = filters.sort;
  if (field !== defaultSort.field || direction !== defaultSort.direction) {
    params.set('sort', direction === 'desc' ? `-${field}` : field);
  }
  return params;
}

export function hasActiveFilters(filters: CatalogFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.status.length > 0 ||
    filters.sensitivity.length > 0 ||
    filters.category.length > 0
  );
}

export function toListInput(
  filters: CatalogFilters,
  offset: number,
  limit: number,
): ChannelInput<'catalog.list'> {
  return {
    search: filters.search.trim(),
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.sensitivity.length > 0 ? { sensitivity: filters.sensitivity } : {}),
    ...(filters.category.length > 0 ? { category: filters.category } : {}),
    sort: filters.sort,
    offset,
    limit,
  };
}
