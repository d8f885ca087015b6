import { ArrowDownIcon, ArrowUpIcon } from '../../ui/icons';

interface ItemControlsProps {
  /** How the item is called in the buttons' names: "Move Read up", "Remove Read". */
  itemLabel: string;
  index: number;
  count: number;
  /** Omitted for lists whose order carries no meaning. */
  onMove?: (from: number, to: number) => void;
  onRemove: () => void;
}

/** Reorder and remove buttons for one item of an editable list. */
export function ItemControls({ itemLabel, index, count, onMove, onRemove }: ItemControlsProps) {
  return (
    <div className="charter-item-controls">
      {onMove ? (
        <>
          <button
            type="button"
            className="icon-button charter-icon-button"
            aria-label={`Move ${itemLabel} up`}
            title="Move up"
            disabled={index === 0}
            onClick={() => {
              onMove(index, index - 1);
            }}
          >
            <ArrowUpIcon />
          </button>
          <button
            type="button"
            className="icon-button charter-icon-button"
            aria-label={`Move ${itemLabel} down`}
            title="Move down"
            disabled={index === count - 1}
            onClick={() => {
              onMove(index, index + 1);
            }}
          >
            <ArrowDownIcon />
          </button>
        </>
      ) : null}
      <RemoveButton itemLabel={itemLabel} onClick={onRemove} />
    </div>
  );
}

/** A "Remove" button named after the item it removes: "Remove Read". */
export function RemoveButton({ itemLabel, onClick }: { itemLabel: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className="button button-ghost charter-remove"
      aria-label={`Remove ${itemLabel}`}
      onClick={onClick}
    >
      Remove
    </button>
  );
}
