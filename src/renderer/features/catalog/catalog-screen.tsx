import { useCallback, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { Dataset } from '../../../shared/domain/dataset';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import type { FilterOption } from '../../ui/filter-menu';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { useShortcut } from '../../ui/use-shortcut';
import { usePeerDirectory } from '../partners/use-peers';
import { NoDatasets, NoMatches } from './catalog-empty';
import {
  hasActiveFilters,
  readFilters,
  writeFilters,
  type CatalogFilters,
} from './catalog-filters';
import { CatalogTable } from './catalog-table';
import { CatalogToolbar } from './catalog-toolbar';
import { useHiddenColumns } from './column-visibility';
import { readOnlyWorkspaceText } from '../recovery/read-only-banner';
import { ImportDialog } from './import-dialog';
import { filtersOf, type SavedFilter } from './saved-filters';
import { useDatasetPages } from './use-dataset-pages';
import { charterOf, useGoverningCharter } from './use-governing-charter';
import './catalog.css';

/**
 * The filters the rows are fetched for: the URL's, with the search as typed. The query starts
 * in the keystroke's own render instead of after the router has applied the URL change (a
 * transition, tens of milliseconds later). Stable per content, so the URL catching up does
 * not start the same query again.
 */
function useQueryFilters(filters: CatalogFilters, searchText: string): CatalogFilters {
  const key = JSON.stringify({ ...filters, search: searchText });
  return useMemo(() => JSON.parse(key) as CatalogFilters, [key]);
}

/** Where the dataset form returns to: the list exactly as the user left it. */
export interface CatalogLocationState {
  from: string;
}

export function CatalogScreen() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const navigate = useNavigate();
  const location = useLocation();
  const searchRef = useRef<HTMLInputElement>(null);
  // What the search box shows; the URL's `filters.search` follows it a moment later.
  const [searchText, setSearchText] = useState(filters.search);
  const { snapshot, ensureRange, invalidate } = useDatasetPages(
    useQueryFilters(filters, searchText),
  );
  const [hiddenColumns, setHiddenColumns] = useHiddenColumns();
  const [importing, setImporting] = useState(false);
  const [charterState] = useGoverningCharter();
  const charter = charterOf(charterState);
  const { node, readOnly } = useWorkspace().status;
  const ownNode = node.nodeId;
  const writeBlockedBy = readOnly ? readOnlyWorkspaceText : null;
  const origins = usePeerDirectory();
  const owners = useMemo(() => ({ ownNode, origins }), [ownNode, origins]);

  const categoryNames = useMemo(
    () => new Map(charter?.content.categories.map((category) => [category.id, category.name])),
    [charter],
  );
  const categoryOptions = useMemo(() => {
    const options: FilterOption<string>[] = [...categoryNames].map(([value, label]) => ({
      value,
      label,
    }));
    // A category chosen earlier that the charter has since dropped can still be unticked.
    for (const id of filters.category) {
      if (!categoryNames.has(id)) options.push({ value: id, label: `${id} (not in the charter)` });
    }
    return options;
  }, [categoryNames, filters.category]);

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
    update({ search: '', status: [], sensitivity: [], category: [] });
    setSearchText('');
  }

  function applySaved(saved: SavedFilter): void {
    const next = filtersOf(saved);
    setParams(writeFilters(next), { replace: true });
    setSearchText(next.search);
  }

  const here: CatalogLocationState = { from: location.pathname + location.search };
  function openNew(): void {
    if (writeBlockedBy !== null) return;
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
      <NoDatasets
        onNew={openNew}
        onImport={() => setImporting(true)}
        writeBlockedBy={writeBlockedBy}
      />
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
        categoryNames={categoryNames}
        hiddenColumns={hiddenColumns}
        owners={owners}
      />
    );
  }

  return (
    <div className="page page-fill catalog-screen">
      <PageHeader
        title="Catalog"
        description="The datasets your organisation holds and may share with partners, with the charter category and rules that govern each."
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
        categoryOptions={categoryOptions}
        hiddenColumns={hiddenColumns}
        onHiddenColumnsChange={setHiddenColumns}
        onApplySaved={applySaved}
        onImport={() => setImporting(true)}
        writeBlockedBy={writeBlockedBy}
      />
      {error ? (
        <LoadErrorBanner title="Datasets could not be loaded" error={error} onRetry={invalidate} />
      ) : null}
      {body}
      {importing ? (
        <ImportDialog
          categoryNames={categoryNames}
          onClose={() => setImporting(false)}
          onImported={invalidate}
        />
      ) : null}
    </div>
  );
}
