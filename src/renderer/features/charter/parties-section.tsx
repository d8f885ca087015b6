import { useFieldArray, useWatch } from 'react-hook-form';
import { FormField } from '../../ui/form-field';
import { PlusIcon } from '../../ui/icons';
import { useCharterForm } from './charter-form';
import { TextField } from './fields';
import { focusLater } from './focus-later';
import { errorAt, listErrorAt } from './form-errors';
import { ItemControls } from './item-controls';
import { newParty } from './new-items';

/** The organisations bound by the charter: the lead organisation and its partners. */
export function PartiesSection({ readOnly }: { readOnly: boolean }) {
  const {
    control,
    register,
    formState: { errors },
  } = useCharterForm();
  const { fields, append, remove } = useFieldArray({ control, name: 'parties' });
  const parties = useWatch({ control, name: 'parties' });
  const listError = listErrorAt(errors, 'parties');
  const labelOf = (index: number) => parties[index]?.name.trim() || `party ${String(index + 1)}`;

  return (
    <>
      {listError ? (
        <p className="field-error charter-list-error" role="alert">
          {listError}
        </p>
      ) : null}
      <ol className="charter-items" data-list="parties">
        {fields.map((field, index) => {
          const at = `parties.${index}` as const;
          return (
            <li key={field.id} data-index={index}>
              <fieldset className="charter-item" disabled={readOnly}>
                <legend className="charter-item-legend">
                  <span className="charter-item-number">{index + 1}</span>
                  {labelOf(index)}
                </legend>
                <div className="charter-item-grid">
                  <TextField name={`${at}.name`} label="Organisation" />
                  <FormField label="Role" error={errorAt(errors, `${at}.role`)}>
                    {(control) => (
                      <select {...control} {...register(`${at}.role`)} className="input">
                        <option value="lead">Lead organisation</option>
                        <option value="partner">Partner</option>
                      </select>
                    )}
                  </FormField>
                  <TextField
                    name={`${at}.contact`}
                    label="Contact"
                    optional
                    hint="Who to write to about the charter: a person, a role or an address."
                    className="charter-span-2"
                  />
                </div>
                {readOnly ? null : (
                  <ItemControls
                    itemLabel={labelOf(index)}
                    index={index}
                    count={fields.length}
                    onRemove={() => {
                      remove(index);
                      focusLater(
                        `[data-list="parties"] [data-index="${String(index)}"] input`,
                        `[data-list="parties"] [data-index="${String(index - 1)}"] input`,
                        '[data-add="parties"]',
                      );
                    }}
                  />
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <button
          type="button"
          className="button charter-add"
          data-add="parties"
          onClick={() => {
            append(newParty());
          }}
        >
          <PlusIcon />
          Add party
        </button>
      )}
    </>
  );
}
