import { Controller, get, useWatch } from 'react-hook-form';
import { legalBasisSchema } from '../../../shared/domain/charter';
import {
  cadenceKey,
  cadenceKeySchema,
  cadenceLabels,
  cadenceOfKey,
  sensitivityLabels,
  sensitivitySchema,
} from '../../../shared/domain/governance-terms';
import { FormField } from '../../ui/form-field';
import { SelectOptions } from '../../ui/select-options';
import { useCharterForm } from './charter-form';
import { CheckboxGroup, type CheckboxOption } from './checkbox-group';
import { DurationField, IdField, TextField, useSuggestId } from './fields';
import { errorAt } from './form-errors';
import { legalBasisOptionLabels } from './legal-basis';
import { MaxAccessField } from './max-access-field';
import { TextListField } from './text-list-field';

const cadenceOptions: CheckboxOption[] = cadenceKeySchema.options.map((key) => ({
  value: key,
  label: cadenceLabels[key],
}));

/** Every field of one data category; the list beside it chooses which. */
export function CategoryDetail({ index, readOnly }: { index: number; readOnly: boolean }) {
  const {
    control,
    register,
    formState: { errors },
  } = useCharterForm();
  const suggestId = useSuggestId('categories', index);
  const at = `categories.${index}` as const;
  return (
    <fieldset className="charter-fieldset charter-category" disabled={readOnly}>
      <legend className="visually-hidden">Category details</legend>
      <div className="charter-row">
        <TextField name={`${at}.name`} label="Name" onBlur={suggestId} />
        <IdField
          list="categories"
          index={index}
          hint="Lowercase letters, digits and hyphens; datasets name their category by it."
        />
      </div>
      <TextField name={`${at}.description`} label="Description" optional multiline rows={3} />
      <div className="charter-row">
        <FormField
          label="Sensitivity"
          error={errorAt(errors, `${at}.sensitivity`)}
          hint="How much harm disclosure would cause."
        >
          {(field) => (
            <select {...field} {...register(`${at}.sensitivity`)} className="input">
              <SelectOptions values={sensitivitySchema.options} labels={sensitivityLabels} />
            </select>
          )}
        </FormField>
        <TextField
          name={`${at}.owner`}
          label="Owner"
          hint="The role or organisation answerable for the category."
        />
      </div>
      <div className="charter-row">
        <FormField
          label="Legal basis"
          error={errorAt(errors, `${at}.legalBasis`)}
          hint="The GDPR Art. 6 basis for sharing it."
        >
          {(field) => (
            <select {...field} {...register(`${at}.legalBasis`)} className="input">
              <SelectOptions values={legalBasisSchema.options} labels={legalBasisOptionLabels} />
            </select>
          )}
        </FormField>
        <label className="charter-toggle">
          <input type="checkbox" {...register(`${at}.personalData`)} />
          <span>Contains personal data</span>
        </label>
      </div>

      <MaxAccessField index={index} />

      <Controller
        control={control}
        name={`${at}.allowedCadences`}
        render={({ field }) => (
          <CheckboxGroup
            legend="Allowed cadences"
            hint="How often partners may receive the data."
            options={cadenceOptions}
            selected={field.value.map(cadenceKey)}
            onChange={(keys) => {
              field.onChange(keys.map((key) => cadenceOfKey(cadenceKeySchema.parse(key))));
            }}
            onBlur={field.onBlur}
            error={errorAt(errors, field.name)}
            firstRef={field.ref}
          />
        )}
      />

      <div className="charter-row charter-row-top">
        <PurposeChecklist index={index} field="permittedPurposes" legend="Permitted purposes" />
        <PurposeChecklist index={index} field="prohibitedPurposes" legend="Prohibited purposes" />
      </div>

      <Controller
        control={control}
        name={`${at}.prohibitedUses`}
        render={({ field }) => (
          <TextListField
            legend="Prohibited uses"
            itemLabel="Prohibited use"
            hint="Uses the charter forbids beyond the purpose vocabulary, in plain words."
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errors={get(errors, field.name)}
            readOnly={readOnly}
            firstRef={field.ref}
          />
        )}
      />

      <div className="charter-row">
        <DurationField name={`${at}.retention`} label="Retention" />
        <DurationField name={`${at}.maxGrantDuration`} label="Longest grant" />
      </div>
    </fieldset>
  );
}

function PurposeChecklist({
  index,
  field: list,
  legend,
}: {
  index: number;
  field: 'permittedPurposes' | 'prohibitedPurposes';
  legend: string;
}) {
  const {
    control,
    formState: { errors },
  } = useCharterForm();
  const vocabulary = useWatch({ control, name: 'purposes' });
  return (
    <Controller
      control={control}
      name={`categories.${index}.${list}`}
      render={({ field }) => {
        const known = vocabulary.map((purpose) => purpose.id);
        const options: CheckboxOption[] = [
          ...vocabulary.map((purpose) => ({
            value: purpose.id,
            label: purpose.name.trim() || purpose.id,
            detail: purpose.id,
          })),
          ...field.value
            .filter((id) => !known.includes(id))
            .map((id) => ({ value: id, label: `${id} (not in the vocabulary)`, unknown: true })),
        ];
        return (
          <CheckboxGroup
            legend={legend}
            options={options}
            selected={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            error={errorAt(errors, field.name)}
            firstRef={field.ref}
          />
        );
      }}
    />
  );
}
