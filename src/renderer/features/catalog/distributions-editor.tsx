import { useRef } from 'react';
import { useFieldArray } from 'react-hook-form';
import { distributionKindSchema } from '../../../shared/domain/dataset';
import { CloseIcon, PlusIcon } from '../../ui/icons';
import { useDraftForm } from './draft-form';
import { moveFocusFromRow } from './row-focus';

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
  const listRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const listError = errors.distributions?.root?.message ?? errors.distributions?.message;

  return (
    <fieldset className="row-editor" aria-describedby="distributions-hint">
      <legend className="field-label">Distributions and API endpoints</legend>
      <p id="distributions-hint" className="field-hint">
        Where partners fetch the data: a file URL or an API endpoint, with its format.
      </p>
      {fields.length > 0 ? (
        <div ref={listRef} className="row-editor-rows">
          <div className="row-editor-head distribution-grid" aria-hidden="true">
            <span>Kind</span>
            <span>URL</span>
            <span>Format</span>
            <span />
          </div>
          {fields.map((item, index) => {
            const n = String(index + 1);
            const rowErrors = errors.distributions?.[index];
            const message =
              rowErrors?.url?.message ?? rowErrors?.format?.message ?? rowErrors?.kind?.message;
            return (
              <div
                key={item.id}
                className="row-editor-row"
                role="group"
                aria-label={`Distribution ${n}`}
                data-row
              >
                <div className="distribution-grid">
                  <select
                    {...register(`distributions.${index}.kind`)}
                    className="input"
                    aria-label={`Distribution ${n} kind`}
                  >
                    {distributionKindSchema.options.map((kind) => (
                      <option key={kind} value={kind}>
                        {kindLabels[kind]}
                      </option>
                    ))}
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
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove distribution ${n}`}
                    onClick={() => {
                      moveFocusFromRow(listRef.current, index, addRef.current);
                      remove(index);
                    }}
                  >
                    <CloseIcon />
                  </button>
                </div>
                {message ? (
                  <p className="field-error" role="alert">
                    {message}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      ) : null}
      {listError ? (
        <p className="field-error" role="alert">
          {listError}
        </p>
      ) : null}
      <div>
        <button
          ref={addRef}
          type="button"
          className="button"
          disabled={fields.length >= maxDistributions}
          onClick={() => {
            append(
              { kind: 'file', url: '', format: '' },
              { focusName: `distributions.${String(fields.length)}.url` },
            );
          }}
        >
          <PlusIcon />
          Add distribution
        </button>
      </div>
    </fieldset>
  );
}
