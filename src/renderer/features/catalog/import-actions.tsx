import { useId } from 'react';
import type { ImportPreview } from '../../../shared/domain/catalog-transfer';
import { pluralise } from '../../ui/format';

interface ImportActionsProps {
  step: 'choose' | 'checking' | 'preview' | 'importing' | 'done';
  preview: ImportPreview | null;
  exclude: boolean;
  onExcludeChange: (exclude: boolean) => void;
  onImport: () => void;
  onChooseAnother: () => void;
  onClose: () => void;
}

/**
 * The dialog's buttons. Import is offered for the whole file only when every row is valid;
 * otherwise the user either fixes the file and chooses it again, or leaves the invalid rows out.
 */
export function ImportActions({
  step,
  preview,
  exclude,
  onExcludeChange,
  onImport,
  onChooseAnother,
  onClose,
}: ImportActionsProps) {
  const noteId = useId();
  if (step === 'done') {
    return (
      <div className="dialog-actions">
        <button
          type="button"
          className="button button-primary"
          data-step-focus="1"
          onClick={onClose}
        >
          Done
        </button>
      </div>
    );
  }
  const busy = step === 'importing';
  const cancel = (
    <button type="button" className="button" onClick={onClose} disabled={busy}>
      Cancel
    </button>
  );
  if (preview === null) return <div className="dialog-actions">{cancel}</div>;

  const invalid = preview.invalidRows.length;
  const fileErrors = preview.fileErrors.length > 0;
  const count = invalid > 0 && exclude ? preview.validRows : preview.totalRows;
  const label =
    invalid > 0 && exclude
      ? `Import ${pluralise(count, 'valid dataset')}`
      : `Import ${pluralise(count, 'dataset')}`;
  const ready = !fileErrors && count > 0 && (invalid === 0 || exclude);
  let note: string | null = null;
  if (fileErrors) note = 'Fix the file and choose it again.';
  else if (invalid > 0 && !exclude)
    note = `Fix the ${pluralise(invalid, 'row')} with errors and choose the file again, or leave them out.`;

  return (
    <div className="import-actions">
      {invalid > 0 && !fileErrors ? (
        <label className="import-exclude">
          <input
            type="checkbox"
            data-step-focus="2"
            checked={exclude}
            disabled={busy}
            onChange={(event) => {
              onExcludeChange(event.target.checked);
            }}
          />
          Exclude the {pluralise(invalid, 'invalid row')}
        </label>
      ) : null}
      {note === null ? null : (
        <p id={noteId} className="import-note">
          {note}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          data-step-focus="3"
          onClick={onChooseAnother}
          disabled={busy}
        >
          Choose another file
        </button>
        {cancel}
        <button
          type="button"
          className="button button-primary"
          data-step-focus="1"
          disabled={!ready || busy}
          aria-describedby={note === null ? undefined : noteId}
          onClick={onImport}
        >
          {busy ? 'Importing…' : label}
        </button>
      </div>
    </div>
  );
}
