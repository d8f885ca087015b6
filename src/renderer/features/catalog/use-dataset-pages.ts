import type { AppEvent } from '../../../shared/contract';
import type { Dataset } from '../../../shared/domain/dataset';
import type { Client } from '../../api/client';
import { usePagedRows, type PagedRows } from '../../ui/data-table/use-paged-rows';
import { toListInput, type CatalogFilters } from './catalog-filters';

function listDatasets(client: Client, filters: CatalogFilters, offset: number, limit: number) {
  return client.call('catalog.list', toListInput(filters, offset, limit));
}

function isDatasetChange(event: AppEvent): boolean {
  return event.name === 'workspace.changed' && event.payload.entity === 'dataset';
}

/** The catalog's rows for `filters` (referentially stable per query), refetched on changes. */
export function useDatasetPages(filters: CatalogFilters): PagedRows<Dataset> {
  return usePagedRows(filters, listDatasets, { refetchOn: isDatasetChange });
}
