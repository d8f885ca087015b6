import type { KeyboardEvent } from 'react';
import { useFieldArray } from 'react-hook-form';
import {
  fieldTypeSchema,
  sensitivityLabels,
  sensitivitySchema,
  type SchemaField,
} from '../../../shared/domain/dataset';
import { SelectOptions } from '../../ui/select-options';
import { useDraftForm } from './draft-form';
import { FieldFindings } from './form-charter';
import { FormSection } from './form-section';
import { RowEditor } from './row-editor';

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
    <FormSection id="schema" title="Schema">
      <p id="schema-fields-hint" className="field-hint">
        The dataset’s fields. Enter in a name adds the next field; mark each field that holds
        personal data.
      </p>
      <RowEditor
        rows={fields}
        noun="field"
        gridClassName="schema-grid"
        columns={['Name', 'Type', 'Personal data', 'Classification']}
        listProps={{
          role: 'group',
          'aria-label': 'Schema fields',
          'aria-describedby': 'schema-fields-hint',
        }}
        renderControls={(index, n) => (
          <>
            <input
              {...register(`schemaFields.${index}.name`)}
              className="input input-mono"
              aria-label={`Field ${n} name`}
              aria-invalid={Boolean(errors.schemaFields?.[index]?.name)}
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
              <SelectOptions values={fieldTypeSchema.options} />
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
              <SelectOptions values={sensitivitySchema.options} labels={sensitivityLabels} />
            </select>
          </>
        )}
        rowError={(index) => {
          const rowErrors = errors.schemaFields?.[index];
          return (
            rowErrors?.name?.message ??
            rowErrors?.type?.message ??
            rowErrors?.classification?.message
          );
        }}
        renderFooter={(index) => (
          <p className="row-findings">
            <FieldFindings field={`schemaFields.${String(index)}.personalData`} />
            <FieldFindings field={`schemaFields.${String(index)}.classification`} />
          </p>
        )}
        listError={errors.schemaFields?.root?.message ?? errors.schemaFields?.message}
        onRemove={remove}
        canAdd={!full}
        onAdd={() => {
          addAt(fields.length);
        }}
      />
    </FormSection>
  );
}
