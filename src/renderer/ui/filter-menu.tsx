import { useEffect, useId, useRef, useState } from 'react';
import { ChevronDownIcon } from './icons';
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
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent): void {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  function toggle(value: T): void {
    const next = selected.includes(value)
      ? selected.filter((item) => item !== value)
      : [...selected, value];
    // Options order, not click order: equal selections make equal queries.
    onChange(options.map((option) => option.value).filter((item) => next.includes(item)));
  }

  const count = selected.length;
  return (
    <div
      ref={rootRef}
      className="filter-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={count > 0 ? 'button filter-button filter-button-active' : 'button filter-button'}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={count > 0 ? `${label} filter, ${count} selected` : `${label} filter`}
        onClick={() => {
          setOpen((current) => !current);
        }}
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
