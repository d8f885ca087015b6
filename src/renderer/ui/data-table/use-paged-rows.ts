import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AppEvent } from '../../../shared/contract';
import type { Client } from '../../api/client';
import { useAppEvent, useClient } from '../../api/client-context';
import { PageStore, type PagesSnapshot, type RowsPage } from './page-store';

export interface PagedRows<Row> {
  snapshot: PagesSnapshot<Row>;
  /** Hand to the table; its identity changes with each new query. */
  ensureRange: (first: number, last: number) => void;
  /** Refetches the pages in view, keeping the rows on screen; also the Retry after an error. */
  invalidate: () => void;
}

/** Fetches `limit` rows of `query` from `offset`. */
export type LoadRows<Row, Query> = (
  client: Client,
  query: Query,
  offset: number,
  limit: number,
) => Promise<RowsPage<Row>>;

export interface PagedRowsOptions {
  /** Which events from main make the rows in view stale; a burst refetches once. */
  refetchOn: (event: AppEvent) => boolean;
}

/**
 * The paged rows for `query`, which must be referentially stable per query (memoise it): a new
 * object is a new query with a new store. `load` is read when that store is created, so pass a
 * module-level function rather than a closure over render state.
 */
export function usePagedRows<Row, Query>(
  query: Query,
  load: LoadRows<Row, Query>,
  { refetchOn }: PagedRowsOptions,
): PagedRows<Row> {
  const client = useClient();
  const [current, setCurrent] = useState(() => ({
    client,
    query,
    store: createStore(client, query, load),
  }));
  let { store } = current;
  if (current.client !== client || current.query !== query) {
    // A new query: a new store, seeded with what is on screen now (see PageStore).
    store = createStore(client, query, load, store.getSnapshot());
    setCurrent({ client, query, store });
  }
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  // The first page tells how many rows there are; until then there is no table to scroll.
  useEffect(() => {
    store.ensureRange(0, 0);
  }, [store]);
  useAppEvent((event) => {
    if (refetchOn(event)) store.invalidateSoon();
  });
  return { snapshot, ensureRange: store.ensureRange, invalidate: store.invalidate };
}

function createStore<Row, Query>(
  client: Client,
  query: Query,
  load: LoadRows<Row, Query>,
  previous?: PagesSnapshot<Row>,
): PageStore<Row> {
  return new PageStore((offset, limit) => load(client, query, offset, limit), previous);
}
