import { Controller } from 'react-hook-form';
import { firstErrorMessage } from '../../ui/error-messages';
import { FormField } from '../../ui/form-field';
import { useDraftForm } from './draft-form';
import { TokenInput } from './token-input';

interface TokenListFieldProps {
  name: 'formats' | 'tags' | 'pushers';
  label: string;
  hint: string;
  itemLabel: string;
  placeholder: string;
}

/** A labelled list of short labels (formats, tags, pushers) edited as chips. */
export function TokenListField({ name, label, hint, itemLabel, placeholder }: TokenListFieldProps) {
  const {
    control,
    formState: { errors },
  } = useDraftForm();
  return (
    <FormField label={label} error={firstErrorMessage(errors[name])} hint={hint} optional>
      {(field) => (
        <Controller
          control={control}
          name={name}
          render={({ field: { value, onChange, onBlur, name: fieldName, ref } }) => (
            <TokenInput
              {...field}
              ref={ref}
              name={fieldName}
              value={value}
              onChange={onChange}
              onBlur={onBlur}
              itemLabel={itemLabel}
              placeholder={placeholder}
              maxLength={40}
            />
          )}
        />
      )}
    </FormField>
  );
}
