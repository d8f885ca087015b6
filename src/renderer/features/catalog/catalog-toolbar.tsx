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
import { hasActiveFilters, searchMaxLength, type CatalogFilters } from './catalog-filters';
import { SearchBox } from '../../ui/search-box';

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
      {hasActiveFilters(filters) ? (
        <button type="button" className="button button-ghost" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
      <span className="toolbar-spacer" />
      <span className="toolbar-count" aria-live="polite">
        {total === null ? '' : pluralise(total, 'dataset')}
      </span>
      <button
        type="button"
        className="button button-primary"
        data-testid="new-dataset"
        aria-keyshortcuts="n"
        onClick={onNew}
      >
        <PlusIcon />
        New dataset
      </button>
    </div>
  );
}
