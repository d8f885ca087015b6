import type { Ref } from 'react';
import {
  grantStatusLabels,
  grantStatusSchema,
  type GrantStatus,
} from '../../../shared/domain/access';
import { FilterMenu, type FilterOption } from '../../ui/filter-menu';
import { pluralise } from '../../ui/format';
import { PlusIcon } from '../../ui/icons';
import { SearchBox } from '../../ui/search-box';
import { grantSearchMaxLength, hasActiveGrantFilters, type GrantFilters } from './grant-filters';

const statusOptions: FilterOption<GrantStatus>[] = grantStatusSchema.options.map((value) => ({
  value,
  label: grantStatusLabels[value],
}));

interface GrantsToolbarProps {
  filters: GrantFilters;
  total: number | null;
  searchText: string;
  onSearchTextChange: (text: string) => void;
  searchRef: Ref<HTMLInputElement>;
  onChange: (patch: Partial<GrantFilters>) => void;
  onClear: () => void;
  onRequest: () => void;
  /** Why the person at the keyboard cannot request access; null when they can. */
  requestBlockedBy: string | null;
  /** Names for the principal and dataset filters, when set from a link. */
  principalLabel: string | null;
  datasetLabel: string | null;
}

function Chip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="filter-chip">
      {label}
      <button
        type="button"
        className="filter-chip-remove"
        aria-label={`Remove filter: ${label}`}
        onClick={onRemove}
      >
        ×
      </button>
    </span>
  );
}

export function GrantsToolbar({
  filters,
  total,
  searchText,
  onSearchTextChange,
  searchRef,
  onChange,
  onClear,
  onRequest,
  requestBlockedBy,
  principalLabel,
  datasetLabel,
}: GrantsToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Grant tools">
      <SearchBox
        ref={searchRef}
        text={searchText}
        onTextChange={onSearchTextChange}
        onCommit={(search) => onChange({ search })}
        label="Filter grants by principal, organisation or dataset…"
        maxLength={grantSearchMaxLength}
        testId="grants-search"
        debounceMs={0}
        shortcut="/"
      />
      <FilterMenu
        label="Status"
        options={statusOptions}
        selected={filters.status}
        onChange={(status) => onChange({ status })}
      />
      <label className="toggle-filter">
        <input
          type="checkbox"
          checked={filters.outOfBounds}
          data-testid="grants-out-of-bounds"
          onChange={(event) => onChange({ outOfBounds: event.target.checked })}
        />
        Out of charter bounds
      </label>
      {filters.untilBy ? (
        <Chip label={`Ending by ${filters.untilBy}`} onRemove={() => onChange({ untilBy: null })} />
      ) : null}
      {filters.principalId ? (
        <Chip
          label={`Principal: ${principalLabel ?? filters.principalId}`}
          onRemove={() => onChange({ principalId: null })}
        />
      ) : null}
      {filters.datasetId ? (
        <Chip
          label={`Dataset: ${datasetLabel ?? filters.datasetId}`}
          onRemove={() => onChange({ datasetId: null })}
        />
      ) : null}
      {hasActiveGrantFilters(filters) ? (
        <button type="button" className="button button-ghost" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
      <span className="toolbar-count" aria-live="polite" data-testid="grants-count">
        {total === null ? '' : pluralise(total, 'grant')}
      </span>
      <span className="toolbar-spacer" />
      <button
        type="button"
        className="button button-primary"
        onClick={onRequest}
        disabled={requestBlockedBy !== null}
        title={requestBlockedBy ?? 'Request access (N)'}
        data-testid="grant-new"
      >
        <PlusIcon /> Request access
      </button>
    </div>
  );
}
