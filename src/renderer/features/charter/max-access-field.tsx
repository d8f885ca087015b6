import { Controller, useWatch } from 'react-hook-form';
import { FormField } from '../../ui/form-field';
import { useCharterForm } from './charter-form';
import { errorAt } from './form-errors';

/**
 * The highest access level a grant may give each partner tier, one select per tier. The
 * record is edited as a whole, so a tier without a level stays absent (and the schema says
 * "Set the maximum level…") rather than becoming an empty string.
 */
export function MaxAccessField({ index }: { index: number }) {
  const {
    control,
    formState: { errors },
  } = useCharterForm();
  const tiers = useWatch({ control, name: 'partnerTiers' });
  const levels = useWatch({ control, name: 'accessLevels' });
  const name = `categories.${index}.maxAccess` as const;
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => {
        const value = field.value;
        const tierIds = tiers.map((tier) => tier.id);
        const strays = Object.keys(value).filter((tier) => !tierIds.includes(tier));
        return (
          <fieldset className="charter-access">
            <legend className="field-label">Maximum access per partner tier</legend>
            <p className="field-hint">
              The most a grant may give a partner of each tier; levels run from least to most.
            </p>
            <div className="charter-access-grid">
              {tiers.map((tier, at) => {
                const current = value[tier.id];
                const known = levels.some((level) => level.id === current);
                return (
                  <FormField
                    key={`${tier.id}-${String(at)}`}
                    label={`Max access for ${tier.name.trim() || tier.id}`}
                    error={errorAt(errors, `${name}.${tier.id}`)}
                  >
                    {(control) => (
                      <select
                        {...control}
                        ref={at === 0 ? field.ref : undefined}
                        className="input"
                        value={current ?? ''}
                        onBlur={field.onBlur}
                        onChange={(event) => {
                          field.onChange({ ...value, [tier.id]: event.target.value });
                        }}
                      >
                        {current === undefined ? (
                          <option value="" disabled>
                            Choose a level…
                          </option>
                        ) : null}
                        {current !== undefined && !known ? (
                          <option value={current}>{current} (not an access level)</option>
                        ) : null}
                        {levels.map((level, levelAt) => (
                          <option key={`${level.id}-${String(levelAt)}`} value={level.id}>
                            {level.name.trim() || level.id}
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                );
              })}
            </div>
            {strays.map((tier) => (
              <div key={tier} className="charter-stray">
                <p className="field-error" role="alert">
                  {errorAt(errors, `${name}.${tier}`) ?? `"${tier}" is not a partner tier`}
                </p>
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={() => {
                    field.onChange(
                      Object.fromEntries(Object.entries(value).filter(([key]) => key !== tier)),
                    );
                  }}
                >
                  Remove the setting for “{tier}”
                </button>
              </div>
            ))}
          </fieldset>
        );
      }}
    />
  );
}
