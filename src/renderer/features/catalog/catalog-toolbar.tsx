import type { Ref } from 'react';
import {
  datasetStatusLabels,
  datasetStatusSchema,
  sensitivityLabels,
  sensitivitySchema,
  type DatasetStatus,
  type Sensitivity,
} from '../../../shared/domain/dataset';
import { FilterMenu, type FilterOption } from '../../ui/filter-menu';
import { pluralise } from '../../ui/format';
import { PlusIcon } from '../../ui/icons';
import { SearchBox } from '../../ui/search-box';
import { hasActiveFilters, searchMaxLength, type CatalogFilters } from './catalog-filters';
import { ColumnMenu } from './column-menu';
import type { CatalogColumnId } from './column-visibility';
import { ExportMenu } from './export-menu';
import { SavedFiltersMenu } from './saved-filters-menu';
import type { SavedFilter } from './saved-filters';

const statusOptions: FilterOption<DatasetStatus>[] = datasetStatusSchema.options.map((value) => ({
  value,
  label: datasetStatusLabels[value],
}));

const sensitivityOptions: FilterOption<Sensitivity>[] = sensitivitySchema.options.map((value) => ({
  value,
  label: sensitivityLabels[value],
}));

interface CatalogToolbarProps {
  filters: CatalogFilters;
  total: number | null;
  searchText: string;
  onSearchTextChange: (text: string) => void;
  searchRef: Ref<HTMLInputElement>;
  onChange: (patch: Partial<CatalogFilters>) => void;
  onClear: () => void;
  onNew: () => void;
  /** The governing charter's categories; empty until one is published. */
  categoryOptions: readonly FilterOption<string>[];
  hiddenColumns: readonly CatalogColumnId[];
  onHiddenColumnsChange: (hidden: CatalogColumnId[]) => void;
  onApplySaved: (saved: SavedFilter) => void;
  onImport: () => void;
  /** Why datasets cannot be added here (a read-only workspace); null when they can. */
  writeBlockedBy?: string | null;
}

export function CatalogToolbar({
  filters,
  total,
  searchText,
  onSearchTextChange,
  searchRef,
  onChange,
  onClear,
  onNew,
  categoryOptions,
  hiddenColumns,
  onHiddenColumnsChange,
  onApplySaved,
  onImport,
  writeBlockedBy = null,
}: CatalogToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Catalog tools">
      <SearchBox
        ref={searchRef}
        text={searchText}
        onTextChange={onSearchTextChange}
        onCommit={(search) => {
          onChange({ search });
        }}
        label="Filter datasets…"
        maxLength={searchMaxLength}
        testId="catalog-search"
        // Main answers a search from its FTS index in a few milliseconds even at 100,000
        // datasets, so every keystroke filters at once (catalog.filter_100k_ms).
        debounceMs={0}
        shortcut="/"
      />
      <FilterMenu
        label="Status"
        options={statusOptions}
        selected={filters.status}
        onChange={(status) => {
          onChange({ status });
        }}
      />
      <FilterMenu
        label="Sensitivity"
        options={sensitivityOptions}
        selected={filters.sensitivity}
        onChange={(sensitivity) => {
          onChange({ sensitivity });
        }}
      />
      {categoryOptions.length > 0 ? (
        <FilterMenu
          label="Category"
          options={categoryOptions}
          selected={filters.category}
          onChange={(category) => {
            onChange({ category: [...category].sort() });
          }}
        />
      ) : null}
      {hasActiveFilters(filters) ? (
        <button type="button" className="button button-ghost" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
      <SavedFiltersMenu filters={filters} onApply={onApplySaved} />
      <span className="toolbar-spacer" />
      <span className="toolbar-count" aria-live="polite">
        {total === null ? '' : pluralise(total, 'dataset')}
      </span>
      <ColumnMenu hidden={hiddenColumns} onChange={onHiddenColumnsChange} />
      <ExportMenu />
      <button
        type="button"
        className="button"
        data-testid="import-datasets"
        disabled={writeBlockedBy !== null}
        title={writeBlockedBy ?? undefined}
        onClick={onImport}
      >
        Import…
      </button>
      <button
        type="button"
        className="button button-primary"
        data-testid="new-dataset"
        aria-keyshortcuts="n"
        disabled={writeBlockedBy !== null}
        title={writeBlockedBy ?? undefined}
        onClick={onNew}
      >
        <PlusIcon />
        New dataset
      </button>
    </div>
  );
}
