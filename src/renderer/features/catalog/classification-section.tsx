import { Link } from 'react-router';
import {
  datasetStatusLabels,
  datasetStatusSchema,
  sensitivityLabels,
  sensitivitySchema,
} from '../../../shared/domain/dataset';
import { cadenceKey } from '../../../shared/domain/governance-terms';
import type { DataCategory } from '../../../shared/domain/charter';
import { ErrorText } from '../../ui/banner';
import { FormField } from '../../ui/form-field';
import { SelectOptions } from '../../ui/select-options';
import { useDraftForm, type DraftForm } from './draft-form';
import { FindingsHint } from './findings-hint';
import { useFormCharter } from './form-charter';
import { FormSection } from './form-section';

/**
 * A new dataset takes what the user has not set yet from its category: its retention, its
 * sensitivity and an allowed cadence. An existing one only fills an empty retention.
 */
function applyCategoryDefaults(form: DraftForm, category: DataCategory, isNew: boolean): void {
  const untouched = (name: 'retention' | 'sensitivity' | 'cadence') =>
    isNew && !form.getFieldState(name).isDirty;
  const validate = form.formState.isSubmitted;
  if (form.getValues('retention') === '' || untouched('retention')) {
    form.setValue('retention', category.retention, { shouldValidate: validate });
  }
  if (untouched('sensitivity')) {
    form.setValue('sensitivity', category.sensitivity, { shouldValidate: validate });
  }
  const allowed = category.allowedCadences.map(cadenceKey);
  const first = category.allowedCadences[0];
  if (untouched('cadence') && first && !allowed.includes(cadenceKey(form.getValues('cadence')))) {
    form.setValue('cadence', first, { shouldValidate: validate });
  }
}

function CategoryField({ isNew }: { isNew: boolean }) {
  const form = useDraftForm();
  const {
    register,
    formState: { errors },
  } = form;
  const { state, reload, charter, category } = useFormCharter();
  const current = form.getValues('category');
  const categories = charter?.content.categories ?? [];
  const known = categories.some((candidate) => candidate.id === current);
  const registered = register('category', {
    onChange: (event: { target: { value: string } }) => {
      const chosen = categories.find((candidate) => candidate.id === event.target.value);
      if (chosen) applyCategoryDefaults(form, chosen, isNew);
    },
  });
  const hint =
    state.status === 'ready' && charter === null ? (
      <>
        No charter is published yet, so there are no categories to choose from.{' '}
        <Link to="/charter">Open the charter</Link> to publish one.
      </>
    ) : (
      <FindingsHint field="category">
        {category ? category.description : 'The governing charter’s rules for it apply.'}
      </FindingsHint>
    );
  return (
    <FormField label="Category" error={errors.category?.message} hint={hint}>
      {(field) => (
        <div className="category-row">
          <select {...field} {...registered} className="input">
            <option value="">
              {state.status === 'loading' ? 'Loading categories…' : 'Choose a category…'}
            </option>
            {categories.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name} — {sensitivityLabels[option.sensitivity].toLowerCase()}
              </option>
            ))}
            {current !== '' && !known ? (
              <option value={current}>{current} (not in the charter)</option>
            ) : null}
          </select>
          {state.status === 'failed' ? (
            <button type="button" className="button" onClick={reload}>
              Retry
            </button>
          ) : null}
        </div>
      )}
    </FormField>
  );
}

export function ClassificationSection({ isNew }: { isNew: boolean }) {
  const {
    register,
    formState: { errors },
  } = useDraftForm();
  const { state, category } = useFormCharter();
  return (
    <FormSection id="classification" title="Classification">
      <CategoryField isNew={isNew} />
      {state.status === 'failed' ? (
        <p className="field-error" role="alert">
          The governing charter could not be loaded: <ErrorText error={state.error} />
        </p>
      ) : null}
      <div className="form-row">
        <FormField
          label="Sensitivity"
          error={errors.sensitivity?.message}
          hint={
            <FindingsHint field="sensitivity">
              {category
                ? `${category.name} needs at least ${sensitivityLabels[category.sensitivity].toLowerCase()}.`
                : 'How much harm disclosure would cause; the charter decides who may see each level.'}
            </FindingsHint>
          }
        >
          {(field) => (
            <select {...field} {...register('sensitivity')} className="input">
              <SelectOptions values={sensitivitySchema.options} labels={sensitivityLabels} />
            </select>
          )}
        </FormField>
        <FormField
          label="Status"
          error={errors.status?.message}
          hint="Deprecated datasets stay visible; retired ones are no longer shared."
        >
          {(field) => (
            <select {...field} {...register('status')} className="input">
              <SelectOptions values={datasetStatusSchema.options} labels={datasetStatusLabels} />
            </select>
          )}
        </FormField>
      </div>
    </FormSection>
  );
}
