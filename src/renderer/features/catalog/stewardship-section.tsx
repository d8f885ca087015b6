import { FormField } from '../../ui/form-field';
import { useDraftForm } from './draft-form';
import { FormSection } from './form-section';
import { TokenListField } from './token-list-field';

/** Who holds the data, who answers for it and who may change it. */
export function StewardshipSection() {
  const {
    register,
    formState: { errors },
  } = useDraftForm();
  return (
    <FormSection id="stewardship" title="Stewardship">
      <div className="form-row">
        <FormField
          label="Holder"
          error={errors.holder?.message}
          hint="The organisation that holds the data."
        >
          {(field) => <input {...field} {...register('holder')} className="input" />}
        </FormField>
        <FormField
          label="Steward"
          error={errors.steward?.message}
          hint="The person or team answerable for the dataset."
          optional
        >
          {(field) => <input {...field} {...register('steward')} className="input" />}
        </FormField>
      </div>
      <TokenListField
        name="pushers"
        label="Who may push updates"
        hint="Roles or organisations allowed to publish new data into it. Press Enter or type a comma after each."
        itemLabel="pusher"
        placeholder="Operations, Northwind ETL…"
      />
    </FormSection>
  );
}
