import type { ReactNode } from 'react';
import { PlusIcon } from '../../ui/icons';
import { focusLater } from './focus-later';
import { ItemControls } from './item-controls';

/** The message about a list as a whole ("Define at least two access levels"), if any. */
export function ListError({ message }: { message: string | undefined }) {
  return message ? (
    <p className="field-error charter-list-error" role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * After item `index` of an ItemList is removed: focuses the item that took its place, else the
 * one before it, else the list's Add button.
 */
export function focusAfterRemove(list: string, index: number): void {
  focusLater(
    `[data-list="${list}"] [data-index="${String(index)}"] input`,
    `[data-list="${list}"] [data-index="${String(index - 1)}"] input`,
    `[data-add="${list}"]`,
  );
}

interface ItemListProps {
  /** Names the list for focus moves: the items' `data-list`, the Add button's `data-add`. */
  list: string;
  /** The items, keyed by `id` (useFieldArray's `fields`). */
  items: readonly { id: string }[];
  readOnly: boolean;
  /** The item's legend, and its name in its buttons' names. */
  labelOf: (index: number) => string;
  /**
   * Moves an item; the focus then follows it. Omitted for lists whose order carries no
   * meaning.
   */
  onMove?: (from: number, to: number) => void;
  /** Removes an item, or asks first; see `focusAfterRemove`. */
  onRemove: (index: number) => void;
  /** One item's fields. */
  children: (index: number) => ReactNode;
}

/** An editable list of numbered items, each a fieldset with its move and remove buttons. */
export function ItemList({
  list,
  items,
  readOnly,
  labelOf,
  onMove,
  onRemove,
  children,
}: ItemListProps) {
  function moveItem(from: number, to: number): void {
    if (!onMove) return;
    const key = items[from]?.id ?? '';
    onMove(from, to);
    const direction = to < from ? 'up' : 'down';
    focusLater(
      `[data-key="${key}"] [aria-label$=" ${direction}"]`,
      `[data-key="${key}"] [aria-label^="Move "]`,
    );
  }

  return (
    <ol className="charter-items" data-list={list}>
      {items.map((item, index) => (
        <li key={item.id} data-key={item.id} data-index={index}>
          <fieldset className="charter-item" disabled={readOnly}>
            <legend className="charter-item-legend">
              <span className="charter-item-number">{index + 1}</span>
              {labelOf(index)}
            </legend>
            {children(index)}
            {readOnly ? null : (
              <ItemControls
                itemLabel={labelOf(index)}
                index={index}
                count={items.length}
                onMove={onMove ? moveItem : undefined}
                onRemove={() => {
                  onRemove(index);
                }}
              />
            )}
          </fieldset>
        </li>
      ))}
    </ol>
  );
}

interface AddItemButtonProps {
  /** The list it adds to, for focus moves; a list alone in its fieldset may leave it out. */
  list?: string;
  label: string;
  onClick: () => void;
}

export function AddItemButton({ list, label, onClick }: AddItemButtonProps) {
  return (
    <button
      type="button"
      className="button charter-add"
      data-add={list ?? true}
      onClick={() => {
        onClick();
      }}
    >
      <PlusIcon />
      {label}
    </button>
  );
}
