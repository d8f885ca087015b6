import { MenuButton } from '../../ui/menu-button';
import {
  catalogColumnIds,
  catalogColumnLabels,
  requiredColumns,
  type CatalogColumnId,
} from './column-visibility';

interface ColumnMenuProps {
  hidden: readonly CatalogColumnId[];
  onChange: (hidden: CatalogColumnId[]) => void;
}

/** Which of the table's columns to show; remembered for the next visit. */
export function ColumnMenu({ hidden, onChange }: ColumnMenuProps) {
  function toggle(id: CatalogColumnId): void {
    const next = hidden.includes(id) ? hidden.filter((item) => item !== id) : [...hidden, id];
    onChange(catalogColumnIds.filter((item) => next.includes(item)));
  }
  return (
    <MenuButton
      label={hidden.length > 0 ? `Columns (${String(hidden.length)} hidden)` : 'Columns'}
      name="Columns"
      panelLabel="Columns to show"
      align="end"
    >
      {() =>
        catalogColumnIds.map((id) => {
          const required = requiredColumns.includes(id);
          return (
            <label key={id} className="filter-option">
              <input
                type="checkbox"
                checked={!hidden.includes(id)}
                disabled={required}
                onChange={() => {
                  toggle(id);
                }}
              />
              <span>{catalogColumnLabels[id]}</span>
            </label>
          );
        })
      }
    </MenuButton>
  );
}
