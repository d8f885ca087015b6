import { useFieldArray } from 'react-hook-form';
import { distributionKindSchema } from '../../../shared/domain/dataset';
import { SelectOptions } from '../../ui/select-options';
import { useDraftForm } from './draft-form';
import { RowEditor } from './row-editor';

const kindLabels = { file: 'File', api: 'API endpoint' } as const;
const maxDistributions = 20;

/** Where the data can be fetched: files to download and API endpoints, each with a format. */
export function DistributionsEditor() {
  const {
    control,
    register,
    formState: { errors },
  } = useDraftForm();
  const { fields, append, remove } = useFieldArray({ control, name: 'distributions' });

  return (
    <fieldset className="row-editor" aria-describedby="distributions-hint">
      <legend className="field-label">Distributions and API endpoints</legend>
      <p id="distributions-hint" className="field-hint">
        Where partners fetch the data: a file URL or an API endpoint, with its format.
      </p>
      <RowEditor
        rows={fields}
        noun="distribution"
        gridClassName="distribution-grid"
        columns={['Kind', 'URL', 'Format']}
        renderControls={(index, n) => {
          const rowErrors = errors.distributions?.[index];
          return (
            <>
              <select
                {...register(`distributions.${index}.kind`)}
                className="input"
                aria-label={`Distribution ${n} kind`}
              >
                <SelectOptions values={distributionKindSchema.options} labels={kindLabels} />
              </select>
              <input
                {...register(`distributions.${index}.url`)}
                className="input input-mono"
                aria-label={`Distribution ${n} URL`}
                aria-invalid={Boolean(rowErrors?.url)}
                placeholder="https://data.example.org/…"
                autoComplete="off"
                spellCheck={false}
                data-row-focus
              />
              <input
                {...register(`distributions.${index}.format`)}
                className="input"
                aria-label={`Distribution ${n} format`}
                aria-invalid={Boolean(rowErrors?.format)}
                placeholder="CSV, GeoJSON…"
                autoComplete="off"
              />
            </>
          );
        }}
        rowError={(index) => {
          const rowErrors = errors.distributions?.[index];
          return rowErrors?.url?.message ?? rowErrors?.format?.message ?? rowErrors?.kind?.message;
        }}
        listError={errors.distributions?.root?.message ?? errors.distributions?.message}
        onRemove={remove}
        canAdd={fields.length < maxDistributions}
        onAdd={() => {
          append(
            { kind: 'file', url: '', format: '' },
            { focusName: `distributions.${String(fields.length)}.url` },
          );
        }}
      />
    </fieldset>
  );
}
