import type { ChannelInput } from '../../../shared/contract';
import {
  grantSortFieldSchema,
  grantStatusSchema,
  type GrantSortField,
  type GrantStatus,
} from '../../../shared/domain/access';

export interface GrantSort {
  field: GrantSortField;
  direction: 'asc' | 'desc';
}

/** What the grants table shows. It lives in the URL, so Back, a reload and links keep it. */
export interface GrantFilters {
  search: string;
  status: GrantStatus[];
  /** YYYY-MM-DD: grants ending on or before this day (the dashboard's "expiring soon"). */
  untilBy: string | null;
  /** Only grants the governing charter no longer allows. */
  outOfBounds: boolean;
  principalId: string | null;
  datasetId: string | null;
  sort: GrantSort;
}

export const defaultGrantSort: GrantSort = { field: 'requestedAt', direction: 'desc' };
export const grantSearchMaxLength = 200;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const idMaxLength = 64;

/** `status=active&status=approved` and the dashboard's `status=active,approved` alike. */
function listParam(params: URLSearchParams, name: string): string[] {
  return params.getAll(name).flatMap((value) => value.split(','));
}

function idParam(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  return value !== null && value !== '' && value.length <= idMaxLength ? value : null;
}

export function readGrantFilters(params: URLSearchParams): GrantFilters {
  const sortParam = params.get('sort') ?? '';
  const descending = sortParam.startsWith('-');
  const field = grantSortFieldSchema.safeParse(descending ? sortParam.slice(1) : sortParam);
  const statuses = listParam(params, 'status');
  const untilBy = params.get('untilBy');
  return {
    search: (params.get('q') ?? '').slice(0, grantSearchMaxLength),
    // The schema's order, so equal filters make equal queries.
    status: grantStatusSchema.options.filter((status) => statuses.includes(status)),
    untilBy: untilBy !== null && dayPattern.test(untilBy) ? untilBy : null,
    outOfBounds: params.get('outOfBounds') === '1',
    principalId: idParam(params, 'principal'),
    datasetId: idParam(params, 'dataset'),
    sort: field.success
      ? { field: field.data, direction: descending ? 'desc' : 'asc' }
      : defaultGrantSort,
  };
}

export function writeGrantFilters(filters: GrantFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search) params.set('q', filters.search);
  if (filters.status.length > 0) params.set('status', filters.status.join(','));
  if (filters.untilBy) params.set('untilBy', filters.untilBy);
  if (filters.outOfBounds) params.set('outOfBounds', '1');
  if (filters.principalId) params.set('principal', filters.principalId);
  if (filters.datasetId) params.set('dataset', filters.datasetId);
  const { field, direction } = filters.sort;
  if (field !== defaultGrantSort.field || direction !== defaultGrantSort.direction) {
    params.set('sort', direction === 'desc' ? `-${field}` : field);
  }
  return params;
}

export function hasActiveGrantFilters(filters: GrantFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.status.length > 0 ||
    filters.untilBy !== null ||
    filters.outOfBounds ||
    filters.principalId !== null ||
    filters.datasetId !== null
  );
}

export const noGrantFilters: Omit<GrantFilters, 'sort'> = {
  search: '',
  status: [],
  untilBy: null,
  outOfBounds: false,
  principalId: null,
  datasetId: null,
};

export function toGrantListInput(
  filters: GrantFilters,
  offset: number,
  limit: number,
): ChannelInput<'access.grants'> {
  const search = filters.search.trim();
  return {
    ...(search ? { search } : {}),
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.untilBy ? { untilBy: filters.untilBy } : {}),
    ...(filters.outOfBounds ? { outOfBounds: true } : {}),
    ...(filters.principalId ? { principalId: filters.principalId } : {}),
    ...(filters.datasetId ? { datasetId: filters.datasetId } : {}),
    sort: filters.sort,
    offset,
    limit,
  };
}
