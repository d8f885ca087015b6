import { useFieldArray, useWatch } from 'react-hook-form';
import { useCharterForm } from './charter-form';
import { IdField, TextField, useSuggestId } from './fields';
import { listErrorAt } from './form-errors';
import { useIdLock } from './id-lock';
import { AddItemButton, focusAfterRemove, ItemList, ListError } from './item-list';
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
  const labelOf = (index: number) => clauses[index]?.title.trim() || `clause ${String(index + 1)}`;

  return (
    <>
      <ListError message={listErrorAt(errors, 'clauses')} />
      {fields.length === 0 ? <p className="charter-muted">No clauses yet.</p> : null}
      <ItemList
        list="clauses"
        items={fields}
        readOnly={readOnly}
        labelOf={labelOf}
        onMove={move}
        onRemove={(index) => {
          remove(index);
          focusAfterRemove('clauses', index);
        }}
      >
        {(index) => <ClauseFields index={index} />}
      </ItemList>
      {readOnly ? null : (
        <AddItemButton
          list="clauses"
          label="Add clause"
          onClick={() => {
            const clause = newClause(getValues('clauses').map((existing) => existing.id));
            markCreated('clauses', clause.id);
            append(clause);
          }}
        />
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
