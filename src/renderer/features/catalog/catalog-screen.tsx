import { useCallback, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { Dataset } from '../../../shared/domain/dataset';
import { LoadErrorBanner } from '../../ui/banner';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { useShortcut } from '../../ui/use-shortcut';
import { NoDatasets, NoMatches } from './catalog-empty';
import {
  hasActiveFilters,
  readFilters,
  writeFilters,
  type CatalogFilters,
} from './catalog-filters';
import { CatalogTable } from './catalog-table';
import { CatalogToolbar } from './catalog-toolbar';
import { useDatasetPages } from './use-dataset-pages';
import './catalog.css';

/** Where the dataset form returns to: the list exactly as the user left it. */
export interface CatalogLocationState {
  from: string;
}

export function CatalogScreen() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const { snapshot, ensureRange, invalidate } = useDatasetPages(filters);
  const navigate = useNavigate();
  const location = useLocation();
  const searchRef = useRef<HTMLInputElement>(null);
  // Runs ahead of `filters.search`, which follows it after the debounce.
  const [searchText, setSearchText] = useState(filters.search);

  const update = useCallback(
    (patch: Partial<CatalogFilters>) => {
      // From the latest URL, not this render's: a debounced search may land after a sort.
      setParams((current) => writeFilters({ ...readFilters(current), ...patch }), {
        replace: true,
      });
    },
    [setParams],
  );

  function clearFilters(): void {
    update({ search: '', status: [], sensitivity: [] });
    setSearchText('');
  }

  const here: CatalogLocationState = { from: location.pathname + location.search };
  function openNew(): void {
    void navigate('/catalog/new', { state: here });
  }
  function openDataset(dataset: Dataset): void {
    void navigate(`/catalog/${encodeURIComponent(dataset.id)}`, { state: here });
  }

  useShortcut('/', () => searchRef.current?.focus());
  useShortcut('n', openNew);

  const { total, error } = snapshot;
  let body;
  if (total === null) {
    body = error ? null : <Spinner label="Loading datasets…" />;
  } else if (total === 0) {
    body = hasActiveFilters(filters) ? (
      <NoMatches search={filters.search} onClear={clearFilters} />
    ) : (
      <NoDatasets onNew={openNew} />
    );
  } else {
    body = (
      <CatalogTable
        snapshot={snapshot}
        ensureRange={ensureRange}
        sort={filters.sort}
        onSortChange={(sort) => {
          update({ sort });
        }}
        onOpen={openDataset}
      />
    );
  }

  return (
    <div className="page page-fill catalog-screen">
      <PageHeader
        title="Catalog"
        description="The datasets your organisation holds and may share with partners, with their sensitivity and steward."
      />
      <CatalogToolbar
        filters={filters}
        total={total}
        searchText={searchText}
        onSearchTextChange={setSearchText}
        searchRef={searchRef}
        onChange={update}
        onClear={clearFilters}
        onNew={openNew}
      />
      {error ? (
        <LoadErrorBanner title="Datasets could not be loaded" error={error} onRetry={invalidate} />
      ) : null}
      {body}
    </div>
  );
}
