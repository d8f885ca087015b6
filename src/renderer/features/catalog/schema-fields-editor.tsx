import { useRef, type KeyboardEvent } from 'react';
import { useFieldArray } from 'react-hook-form';
import {
  fieldTypeSchema,
  sensitivityLabels,
  sensitivitySchema,
  type SchemaField,
} from '../../../shared/domain/dataset';
import { CloseIcon, PlusIcon } from '../../ui/icons';
import { useDraftForm } from './draft-form';
import { FieldFindings } from './form-charter';
import { moveFocusFromRow } from './row-focus';

const maxSchemaFields = 500;

/**
 * The dataset's columns: name, type, whether it holds personal data and how sensitive it is.
 * Enter in a name adds the next field after it, so a schema can be typed without the mouse.
 */
export function SchemaFieldsEditor() {
  const {
    control,
    register,
    getValues,
    formState: { errors },
  } = useDraftForm();
  const { fields, insert, remove } = useFieldArray({ control, name: 'schemaFields' });
  const listRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const listError = errors.schemaFields?.root?.message ?? errors.schemaFields?.message;
  const full = fields.length >= maxSchemaFields;

  function addAt(index: number): void {
    if (full) return;
    const field: SchemaField = {
      name: '',
      type: 'string',
      personalData: false,
      // Starts at the dataset's own level, which a field may not exceed.
      classification: getValues('sensitivity'),
    };
    insert(index, field, { focusName: `schemaFields.${String(index)}.name` });
  }

  function onNameKeyDown(event: KeyboardEvent<HTMLInputElement>, index: number): void {
    if (event.key !== 'Enter') return;
    // Enter adds a field here; it must not submit the form.
    event.preventDefault();
    addAt(index + 1);
  }

  return (
    <section className="form-section" aria-labelledby="dataset-section-schema">
      <h2 id="dataset-section-schema" className="form-section-title">
        Schema
      </h2>
      <p id="schema-fields-hint" className="field-hint">
        The dataset’s fields. Enter in a name adds the next field; mark each field that holds
        personal data.
      </p>
      {fields.length > 0 ? (
        <div
          ref={listRef}
          className="row-editor-rows"
          role="group"
          aria-label="Schema fields"
          aria-describedby="schema-fields-hint"
        >
          <div className="row-editor-head schema-grid" aria-hidden="true">
            <span>Name</span>
            <span>Type</span>
            <span>Personal data</span>
            <span>Classification</span>
            <span />
          </div>
          {fields.map((item, index) => {
            const n = String(index + 1);
            const rowErrors = errors.schemaFields?.[index];
            const message =
              rowErrors?.name?.message ??
              rowErrors?.type?.message ??
              rowErrors?.classification?.message;
            return (
              <div
                key={item.id}
                className="row-editor-row"
                role="group"
                aria-label={`Field ${n}`}
                data-row
              >
                <div className="schema-grid">
                  <input
                    {...register(`schemaFields.${index}.name`)}
                    className="input input-mono"
                    aria-label={`Field ${n} name`}
                    aria-invalid={Boolean(rowErrors?.name)}
                    autoComplete="off"
                    spellCheck={false}
                    data-row-focus
                    onKeyDown={(event) => {
                      onNameKeyDown(event, index);
                    }}
                  />
                  <select
                    {...register(`schemaFields.${index}.type`)}
                    className="input"
                    aria-label={`Field ${n} type`}
                  >
                    {fieldTypeSchema.options.map((type) => (
                      <option key={type} value={type}>
                        {type}
                      </option>
                    ))}
                  </select>
                  <label className="schema-personal">
                    <input
                      type="checkbox"
                      {...register(`schemaFields.${index}.personalData`)}
                      aria-label={`Field ${n} holds personal data`}
                    />
                    <span aria-hidden="true">Personal</span>
                  </label>
                  <select
                    {...register(`schemaFields.${index}.classification`)}
                    className="input"
                    aria-label={`Field ${n} classification`}
                  >
                    {sensitivitySchema.options.map((value) => (
                      <option key={value} value={value}>
                        {sensitivityLabels[value]}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove field ${n}`}
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
                <p className="row-findings">
                  <FieldFindings field={`schemaFields.${String(index)}.personalData`} />
                  <FieldFindings field={`schemaFields.${String(index)}.classification`} />
                </p>
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
          disabled={full}
          onClick={() => {
            addAt(fields.length);
          }}
        >
          <PlusIcon />
          Add field
        </button>
      </div>
    </section>
  );
}
