import { Controller, useWatch } from 'react-hook-form';
import {
  cadenceKey,
  cadenceKeySchema,
  cadenceLabels,
  cadenceOfKey,
  formatIsoDuration,
  isoDurationSchema,
} from '../../../shared/domain/governance-terms';
import { firstErrorMessage } from '../../ui/error-messages';
import { FormField } from '../../ui/form-field';
import { DistributionsEditor } from './distributions-editor';
import { useDraftForm } from './draft-form';
import { FindingsHint } from './findings-hint';
import { useFormCharter } from './form-charter';
import { FormSection } from './form-section';

function CadenceField() {
  const {
    control,
    formState: { errors },
  } = useDraftForm();
  const { category } = useFormCharter();
  const allowed = category?.allowedCadences.map(cadenceKey);
  return (
    <FormField
      label="Cadence"
      error={firstErrorMessage(errors.cadence)}
      hint={
        <FindingsHint field="cadence">
          {category && allowed
            ? `${category.name} allows ${allowed.map((key) => cadenceLabels[key].toLowerCase()).join(', ')}.`
            : 'How often the data is updated: streamed as it happens, or summarised at an interval.'}
        </FindingsHint>
      }
    >
      {(field) => (
        <Controller
          control={control}
          name="cadence"
          render={({ field: { value, onChange, onBlur, name, ref } }) => (
            <select
              {...field}
              ref={ref}
              name={name}
              className="input"
              value={cadenceKey(value)}
              onBlur={onBlur}
              onChange={(event) => {
                const key = cadenceKeySchema.safeParse(event.target.value);
                if (key.success) onChange(cadenceOfKey(key.data));
              }}
            >
              {cadenceKeySchema.options.map((key) => (
                <option key={key} value={key}>
                  {cadenceLabels[key]}
                  {category && allowed && !allowed.includes(key)
                    ? ` — not allowed for ${category.name}`
                    : ''}
                </option>
              ))}
            </select>
          )}
        />
      )}
    </FormField>
  );
}

function RetentionField() {
  const {
    register,
    control,
    formState: { errors },
  } = useDraftForm();
  const { category } = useFormCharter();
  const retention = useWatch({ control, name: 'retention' });
  const valid = isoDurationSchema.safeParse(retention).success;
  return (
    <FormField
      label="Retention"
      error={errors.retention?.message}
      hint={
        <FindingsHint field="retention">
          {valid ? (
            <strong className="duration-preview">{formatIsoDuration(retention)}. </strong>
          ) : null}
          An ISO 8601 duration such as P90D or P1Y.
          {category
            ? ` ${category.name} keeps data at most ${formatIsoDuration(category.retention)}.`
            : ''}
        </FindingsHint>
      }
    >
      {(field) => (
        <input
          {...field}
          {...register('retention')}
          className="input input-mono"
          autoComplete="off"
          spellCheck={false}
          placeholder={category?.retention ?? 'P1Y'}
        />
      )}
    </FormField>
  );
}

/** How often the data changes, how long it is kept and where it is served. */
export function DeliverySection() {
  return (
    <FormSection id="delivery" title="Delivery">
      <div className="form-row">
        <CadenceField />
        <RetentionField />
      </div>
      <DistributionsEditor />
    </FormSection>
  );
}
