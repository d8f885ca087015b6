import type { AppEvent } from '../../../shared/contract';
import type { DatasetRow } from '../../../shared/domain/dataset';
import type { Client } from '../../api/client';
import { usePagedRows, type PagedRows } from '../../ui/data-table/use-paged-rows';
import { toListInput, type CatalogFilters } from './catalog-filters';

function listDatasets(client: Client, filters: CatalogFilters, offset: number, limit: number) {
  return client.call('catalog.list', toListInput(filters, offset, limit));
}

function isCatalogChange(event: AppEvent): boolean {
  // A charter change can change every row's findings, so it refetches too.
  return (
    event.name === 'workspace.changed' &&
    (event.payload.entity === 'dataset' || event.payload.entity === 'charter')
  );
}

/** The catalog's rows for `filters` (referentially stable per query), refetched on changes. */
export function useDatasetPages(filters: CatalogFilters): PagedRows<DatasetRow> {
  return usePagedRows(filters, listDatasets, { refetchOn: isCatalogChange });
}
