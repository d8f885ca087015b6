import { useFieldArray, useWatch } from 'react-hook-form';
import { FormField } from '../../ui/form-field';
import { useCharterForm } from './charter-form';
import { TextField } from './fields';
import { errorAt, listErrorAt } from './form-errors';
import { AddItemButton, focusAfterRemove, ItemList, ListError } from './item-list';
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
  const labelOf = (index: number) => parties[index]?.name.trim() || `party ${String(index + 1)}`;

  return (
    <>
      <ListError message={listErrorAt(errors, 'parties')} />
      <ItemList
        list="parties"
        items={fields}
        readOnly={readOnly}
        labelOf={labelOf}
        onRemove={(index) => {
          remove(index);
          focusAfterRemove('parties', index);
        }}
      >
        {(index) => {
          const at = `parties.${index}` as const;
          return (
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
          );
        }}
      </ItemList>
      {readOnly ? null : (
        <AddItemButton
          list="parties"
          label="Add party"
          onClick={() => {
            append(newParty());
          }}
        />
      )}
    </>
  );
}
