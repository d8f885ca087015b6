import { useRef, type HTMLAttributes, type ReactNode } from 'react';
import { CloseIcon, PlusIcon } from '../../ui/icons';
import { moveFocusFromRow } from './row-focus';

interface RowEditorProps {
  /** The rows, keyed by `id` (useFieldArray's `fields`). */
  rows: readonly { id: string }[];
  /**
   * What one row is, in lower case: the rows are groups named "Distribution 2", their buttons
   * "Remove distribution 2", and the button below them "Add distribution".
   */
  noun: string;
  /** The class that lays out the column heads and each row's controls alike. */
  gridClassName: string;
  /** The column heads; the remove buttons' column needs none. */
  columns: readonly string[];
  /** Names the rows as a group where nothing around them does. */
  listProps?: Pick<HTMLAttributes<HTMLDivElement>, 'role' | 'aria-label' | 'aria-describedby'>;
  /**
   * One row's controls, before its remove button; `n` is its number as the labels show it.
   * The control that takes the focus when a neighbouring row is removed carries `data-row-focus`.
   */
  renderControls: (index: number, n: string) => ReactNode;
  /** The row's first problem, shown under its controls. */
  rowError: (index: number) => string | undefined;
  /** What the row shows under its problem. */
  renderFooter?: (index: number) => ReactNode;
  /** The problem with the list as a whole. */
  listError: string | undefined;
  onRemove: (index: number) => void;
  canAdd: boolean;
  /** Adds a row, and focuses it. */
  onAdd: () => void;
}

/**
 * A list editor with one row of controls per item, a remove button per row and an add button
 * below. Removing a row moves the focus to the same control of a neighbouring row, else to the
 * add button.
 */
export function RowEditor({
  rows,
  noun,
  gridClassName,
  columns,
  listProps,
  renderControls,
  rowError,
  renderFooter,
  listError,
  onRemove,
  canAdd,
  onAdd,
}: RowEditorProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const rowName = noun.charAt(0).toUpperCase() + noun.slice(1);

  return (
    <>
      {rows.length > 0 ? (
        <div ref={listRef} className="row-editor-rows" {...listProps}>
          <div className={`row-editor-head ${gridClassName}`} aria-hidden="true">
            {columns.map((column) => (
              <span key={column}>{column}</span>
            ))}
            <span />
          </div>
          {rows.map((row, index) => {
            const n = String(index + 1);
            const message = rowError(index);
            return (
              <div
                key={row.id}
                className="row-editor-row"
                role="group"
                aria-label={`${rowName} ${n}`}
                data-row
              >
                <div className={gridClassName}>
                  {renderControls(index, n)}
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${noun} ${n}`}
                    onClick={() => {
                      moveFocusFromRow(listRef.current, index, addRef.current);
                      onRemove(index);
                    }}
                  >
                    <CloseIcon />
                  </button>
                </div>
                {message ? (
                  <p className="field-error" role="alert">
                    {message}
                  </p>
                ) : null}
                {renderFooter?.(index)}
              </div>
            );
          })}
        </div>
      ) : null}
      {listError ? (
        <p className="field-error" role="alert">
          {listError}
        </p>
      ) : null}
      <div>
        <button
          ref={addRef}
          type="button"
          className="button"
          disabled={!canAdd}
          onClick={() => {
            onAdd();
          }}
        >
          <PlusIcon />
          {`Add ${noun}`}
        </button>
      </div>
    </>
  );
}
