import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Client } from '../../api/client';
import { useAppEvent, useClient } from '../../api/client-context';
import { toListInput, type CatalogFilters } from './catalog-filters';
import { DatasetPageStore, type PagesSnapshot } from './dataset-page-store';

export interface DatasetPages {
  snapshot: PagesSnapshot;
  ensureRange: (first: number, last: number) => void;
  invalidate: () => void;
}

/**
 * The paged rows for `filters` (which must be referentially stable per query). Pages are
 * refetched when main reports a dataset change.
 */
export function useDatasetPages(filters: CatalogFilters): DatasetPages {
  const client = useClient();
  const [current, setCurrent] = useState(() => ({
    client,
    filters,
    store: createStore(client, filters),
  }));
  let { store } = current;
  if (current.client !== client || current.filters !== filters) {
    // A new query: a new store, seeded with what is on screen now (see DatasetPageStore).
    store = createStore(client, filters, store.getSnapshot());
    setCurrent({ client, filters, store });
  }
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  // The first page tells how many rows there are; until then there is no table to scroll.
  useEffect(() => {
    store.ensureRange(0, 0);
  }, [store]);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed' && event.payload.entity === 'dataset') {
      store.invalidateSoon();
    }
  });
  return { snapshot, ensureRange: store.ensureRange, invalidate: store.invalidate };
}

function createStore(
  client: Client,
  filters: CatalogFilters,
  previous?: PagesSnapshot,
): DatasetPageStore {
  return new DatasetPageStore(
    (offset, limit) => client.call('catalog.list', toListInput(filters, offset, limit)),
    previous,
  );
}
