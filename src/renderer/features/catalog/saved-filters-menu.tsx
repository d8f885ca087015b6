import { useId, useState } from 'react';
import { CloseIcon } from '../../ui/icons';
import { MenuButton } from '../../ui/menu-button';
import type { CatalogFilters } from './catalog-filters';
import {
  queryOf,
  savedFilterNameMaxLength,
  useSavedFilters,
  withoutSaved,
  withSaved,
  type SavedFilter,
} from './saved-filters';

interface SavedFiltersMenuProps {
  filters: CatalogFilters;
  onApply: (saved: SavedFilter) => void;
}

/** Names the current search, filters and sort to come back to; apply or delete them later. */
export function SavedFiltersMenu({ filters, onApply }: SavedFiltersMenuProps) {
  const [saved, setSaved] = useSavedFilters();
  const current = queryOf(filters);
  return (
    <MenuButton
      label={saved.length > 0 ? `Saved filters (${String(saved.length)})` : 'Saved filters'}
      name="Saved filters"
      panelLabel="Saved filters"
      testId="saved-filters"
    >
      {(close) => (
        <>
          {saved.length === 0 ? (
            <p className="menu-note">No saved filters yet. Name the current view below.</p>
          ) : (
            <ul className="saved-filter-list" aria-label="Saved filters">
              {saved.map((entry) => (
                <li key={entry.name} className="saved-filter">
                  <button
                    type="button"
                    className="menu-item"
                    aria-current={entry.query === current ? 'true' : undefined}
                    onClick={() => {
                      onApply(entry);
                      close();
                    }}
                  >
                    {entry.name}
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Delete saved filter ${entry.name}`}
                    onClick={() => {
                      setSaved(withoutSaved(saved, entry.name));
                    }}
                  >
                    <CloseIcon />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="menu-separator" />
          <SaveCurrentForm
            names={saved.map((entry) => entry.name)}
            onSave={(name) => {
              setSaved(withSaved(saved, name, filters));
            }}
          />
        </>
      )}
    </MenuButton>
  );
}

function SaveCurrentForm({
  names,
  onSave,
}: {
  names: readonly string[];
  onSave: (name: string) => void;
}) {
  const [name, setName] = useState('');
  const inputId = useId();
  const trimmed = name.trim();
  const replaces = names.includes(trimmed);
  return (
    <form
      className="saved-filter-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed === '') return;
        onSave(trimmed);
        setName('');
      }}
    >
      <label className="menu-note" htmlFor={inputId}>
        Save the current search, filters and sort as
      </label>
      <div className="saved-filter-row">
        <input
          id={inputId}
          className="input"
          value={name}
          maxLength={savedFilterNameMaxLength}
          placeholder="Name…"
          autoComplete="off"
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <button type="submit" className="button" disabled={trimmed === ''}>
          {replaces ? 'Replace' : 'Save'}
        </button>
      </div>
    </form>
  );
}
