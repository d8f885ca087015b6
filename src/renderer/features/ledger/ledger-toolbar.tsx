import { useId, type Ref } from 'react';
import { FilterMenu } from '../../ui/filter-menu';
import { pluralise } from '../../ui/format';
import { SearchBox } from '../../ui/search-box';
import { entityMaxLength, hasActiveLedgerFilters, type LedgerFilters } from './ledger-filters';

interface LedgerToolbarProps {
  filters: LedgerFilters;
  types: readonly string[];
  actors: readonly string[];
  total: number | null;
  entityText: string;
  onEntityTextChange: (text: string) => void;
  entityRef: Ref<HTMLInputElement>;
  onChange: (patch: Partial<LedgerFilters>) => void;
  onClear: () => void;
}

export function LedgerToolbar({
  filters,
  types,
  actors,
  total,
  entityText,
  onEntityTextChange,
  entityRef,
  onChange,
  onClear,
}: LedgerToolbarProps) {
  const actorId = useId();
  return (
    <div className="toolbar ledger-toolbar" role="toolbar" aria-label="Ledger filters">
      <SearchBox
        ref={entityRef}
        text={entityText}
        onTextChange={onEntityTextChange}
        onCommit={(entity) => {
          onChange({ entity });
        }}
        label="Entity, e.g. dataset:…"
        maxLength={entityMaxLength}
        testId="ledger-entity-filter"
        shortcut="/"
      />
      <FilterMenu
        label="Type"
        options={types.map((type) => ({ value: type, label: type }))}
        selected={filters.types}
        onChange={(selected) => {
          onChange({ types: [...selected].sort() });
        }}
      />
      <label className="visually-hidden" htmlFor={actorId}>
        Actor
      </label>
      <select
        id={actorId}
        className="input ledger-select"
        data-testid="ledger-actor-filter"
        value={filters.actor}
        onChange={(event) => {
          onChange({ actor: event.target.value });
        }}
      >
        <option value="">Every actor</option>
        {actors.map((actor) => (
          <option key={actor} value={actor}>
            {actor}
          </option>
        ))}
      </select>
      <DayField
        label="From"
        value={filters.from}
        max={filters.to}
        onChange={(from) => {
          onChange({ from });
        }}
      />
      <DayField
        label="To"
        value={filters.to}
        min={filters.from}
        onChange={(to) => {
          onChange({ to });
        }}
      />
      {hasActiveLedgerFilters(filters) ? (
        <button type="button" className="button button-ghost" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
      <span className="toolbar-spacer" />
      <span className="toolbar-count" aria-live="polite" data-testid="ledger-count">
        {total === null ? '' : pluralise(total, 'entry', 'entries')}
      </span>
    </div>
  );
}

/** A day bound of the filter; '' means none. */
function DayField({
  label,
  value,
  min = '',
  max = '',
  onChange,
}: {
  label: string;
  value: string;
  min?: string;
  max?: string;
  onChange: (day: string) => void;
}) {
  const id = useId();
  return (
    <label className="ledger-date" htmlFor={id}>
      {label}
      <input
        id={id}
        type="date"
        className="input"
        value={value}
        min={min || undefined}
        max={max || undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </label>
  );
}
