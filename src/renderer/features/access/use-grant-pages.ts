import type { AppEvent } from '../../../shared/contract';
import type { GrantListing } from '../../../shared/domain/access';
import type { Client } from '../../api/client';
import { usePagedRows, type PagedRows } from '../../ui/data-table/use-paged-rows';
import { toGrantListInput, type GrantFilters } from './grant-filters';

function listGrants(client: Client, filters: GrantFilters, offset: number, limit: number) {
  return client.call('access.grants', toGrantListInput(filters, offset, limit));
}

/** Grants, and the verdicts on them, change with access steps, the charter and the catalog. */
export function isAccessChange(event: AppEvent): boolean {
  return (
    event.name === 'workspace.changed' &&
    ['access', 'charter', 'dataset', 'incident', 'review'].includes(event.payload.entity)
  );
}

/** The grants table's rows for `filters` (stable per query), refetched on changes. */
export function useGrantPages(filters: GrantFilters): PagedRows<GrantListing> {
  return usePagedRows(filters, listGrants, { refetchOn: isAccessChange });
}
