import { useFieldArray, useWatch } from 'react-hook-form';
import { PlusIcon } from '../../ui/icons';
import { useCharterForm } from './charter-form';
import { IdField, TextField, useSuggestId } from './fields';
import { focusLater } from './focus-later';
import { listErrorAt } from './form-errors';
import { useIdLock } from './id-lock';
import { ItemControls } from './item-controls';
import { newClause } from './new-items';

/** The charter's text: numbered clauses in reading order. */
export function ClausesSection({ readOnly }: { readOnly: boolean }) {
  const {
    control,
    getValues,
    formState: { errors },
  } = useCharterForm();
  const { markCreated } = useIdLock();
  const { fields, append, remove, move } = useFieldArray({ control, name: 'clauses' });
  const clauses = useWatch({ control, name: 'clauses' });
  const listError = listErrorAt(errors, 'clauses');
  const labelOf = (index: number) => clauses[index]?.title.trim() || `clause ${String(index + 1)}`;

  function moveClause(from: number, to: number): void {
    const key = fields[from]?.id ?? '';
    move(from, to);
    const direction = to < from ? 'up' : 'down';
    focusLater(
      `[data-key="${key}"] [aria-label$=" ${direction}"]`,
      `[data-key="${key}"] [aria-label^="Move "]`,
    );
  }

  return (
    <>
      {listError ? (
        <p className="field-error charter-list-error" role="alert">
          {listError}
        </p>
      ) : null}
      {fields.length === 0 ? <p className="charter-muted">No clauses yet.</p> : null}
      <ol className="charter-items" data-list="clauses">
        {fields.map((field, index) => (
          <li key={field.id} data-key={field.id} data-index={index}>
            <fieldset className="charter-item" disabled={readOnly}>
              <legend className="charter-item-legend">
                <span className="charter-item-number">{index + 1}</span>
                {labelOf(index)}
              </legend>
              <ClauseFields index={index} />
              {readOnly ? null : (
                <ItemControls
                  itemLabel={labelOf(index)}
                  index={index}
                  count={fields.length}
                  onMove={moveClause}
                  onRemove={() => {
                    remove(index);
                    focusLater(
                      `[data-list="clauses"] [data-index="${String(index)}"] input`,
                      `[data-list="clauses"] [data-index="${String(index - 1)}"] input`,
                      '[data-add="clauses"]',
                    );
                  }}
                />
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <button
          type="button"
          className="button charter-add"
          data-add="clauses"
          onClick={() => {
            const clause = newClause(getValues('clauses').map((existing) => existing.id));
            markCreated('clauses', clause.id);
            append(clause);
          }}
        >
          <PlusIcon />
          Add clause
        </button>
      )}
    </>
  );
}

function ClauseFields({ index }: { index: number }) {
  const suggestId = useSuggestId('clauses', index);
  const at = `clauses.${index}` as const;
  return (
    <div className="charter-item-grid">
      <TextField name={`${at}.title`} label="Title" onBlur={suggestId} />
      <IdField
        list="clauses"
        index={index}
        hint="Lowercase letters, digits and hyphens; grants cite the clause by it."
      />
      <TextField name={`${at}.text`} label="Text" multiline rows={5} className="charter-span-2" />
    </div>
  );
}
