import { useEffect, useId, useState } from 'react';
import type { DatasetRow } from '../../../shared/domain/dataset';
import { useClient } from '../../api/client-context';

interface DatasetPickerProps {
  value: DatasetRow | null;
  onChange: (dataset: DatasetRow | null) => void;
  autoFocus?: boolean;
}

/**
 * Picks one of (up to 100,000) datasets: the words typed search the catalog in main, and the
 * first matches are offered in a listbox the arrow keys move through.
 */
export function DatasetPicker({ value, onChange, autoFocus = false }: DatasetPickerProps) {
  const client = useClient();
  const listId = useId();
  const [text, setText] = useState(value?.identifier ?? '');
  const [matches, setMatches] = useState<DatasetRow[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (!open) return;
    let current = true;
    client
      .call('catalog.list', {
        search: text.trim(),
        status: ['active'],
        sort: { field: 'identifier', direction: 'asc' },
        offset: 0,
        limit: 12,
      })
      .then(
        (page) => {
          if (current) {
            setMatches([...page.rows]);
            setActive(0);
          }
        },
        () => {
          if (current) setMatches([]);
        },
      );
    return () => {
      current = false;
    };
  }, [client, text, open]);

  function choose(dataset: DatasetRow): void {
    onChange(dataset);
    setText(dataset.identifier);
    setOpen(false);
  }

  return (
    <div className="combobox">
      <input
        className="input"
        role="combobox"
        aria-expanded={open && matches.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${String(active)}` : undefined}
        placeholder="Search datasets by identifier or title"
        value={text}
        data-testid="grant-dataset"
        data-autofocus={autoFocus ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          if (value) onChange(null);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
            setActive((index) => Math.min(index + 1, matches.length - 1));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((index) => Math.max(index - 1, 0));
          } else if (event.key === 'Enter' && open && matches[active]) {
            event.preventDefault();
            choose(matches[active]);
          } else if (event.key === 'Escape' && open) {
            event.stopPropagation();
            setOpen(false);
          }
        }}
      />
      {open && matches.length > 0 ? (
        <ul className="combobox-list" role="listbox" id={listId}>
          {matches.map((dataset, index) => (
            <li
              key={dataset.id}
              id={`${listId}-${String(index)}`}
              role="option"
              aria-selected={index === active}
              className="combobox-option"
              data-identifier={dataset.identifier}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(dataset);
              }}
            >
              <span className="cell-mono">{dataset.identifier}</span>
              <span className="cell-muted"> {dataset.title}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
