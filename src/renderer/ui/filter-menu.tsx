import { ChevronDownIcon } from './icons';
import { usePopover } from './use-popover';
import './filter-menu.css';

export interface FilterOption<T extends string> {
  value: T;
  label: string;
}

interface FilterMenuProps<T extends string> {
  label: string;
  options: readonly FilterOption<T>[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
}

/** A button that opens a small checkbox list; selections apply immediately. */
export function FilterMenu<T extends string>({
  label,
  options,
  selected,
  onChange,
}: FilterMenuProps<T>) {
  const { open, panelId, rootProps, buttonProps } = usePopover();

  function toggle(value: T): void {
    const next = selected.includes(value)
      ? selected.filter((item) => item !== value)
      : [...selected, value];
    // Options order, not click order: equal selections make equal queries.
    onChange(options.map((option) => option.value).filter((item) => next.includes(item)));
  }

  const count = selected.length;
  return (
    <div {...rootProps} className="filter-menu">
      <button
        {...buttonProps}
        type="button"
        className={count > 0 ? 'button filter-button filter-button-active' : 'button filter-button'}
        aria-label={count > 0 ? `${label} filter, ${count} selected` : `${label} filter`}
      >
        {label}
        {count > 0 ? <span className="filter-count">{count}</span> : null}
        <ChevronDownIcon />
      </button>
      {open ? (
        <div id={panelId} className="filter-panel" role="group" aria-label={`Filter by ${label}`}>
          {options.map((option) => (
            <label key={option.value} className="filter-option">
              <input
                type="checkbox"
                checked={selected.includes(option.value)}
                onChange={() => {
                  toggle(option.value);
                }}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}
