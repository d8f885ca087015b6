import { useId } from 'react';
import { focusLater } from './focus-later';
import { errorAt } from './form-errors';
import { RemoveButton } from './item-controls';
import { AddItemButton } from './item-list';

interface TextListFieldProps {
  legend: string;
  /** Names one entry in its input's label: "Prohibited use 2". */
  itemLabel: string;
  hint: string;
  value: readonly string[];
  onChange: (next: string[]) => void;
  onBlur: () => void;
  /** The errors of the list's own path (its items at `.0`, `.1`, …). */
  errors: unknown;
  readOnly: boolean;
  firstRef?: (element: HTMLInputElement | null) => void;
}

/** A list of short free-text entries: one input per entry, with add and remove. */
export function TextListField({
  legend,
  itemLabel,
  hint,
  value,
  onChange,
  onBlur,
  errors,
  readOnly,
  firstRef,
}: TextListFieldProps) {
  const id = useId();
  return (
    <fieldset className="charter-text-list" data-text-list={id}>
      <legend className="field-label">{legend}</legend>
      <p className="field-hint">{hint}</p>
      {value.length === 0 ? <p className="charter-muted">None.</p> : null}
      <ol className="charter-text-list-items">
        {value.map((text, index) => {
          const label = `${itemLabel} ${String(index + 1)}`;
          const error =
            errorAt(errors, String(index)) === undefined
              ? undefined
              : text.trim() === ''
                ? 'Describe the use, or remove it'
                : errorAt(errors, String(index));
          return (
            <li key={index} className="charter-text-list-item">
              <input
                ref={index === 0 ? firstRef : undefined}
                className="input"
                aria-label={label}
                aria-invalid={Boolean(error)}
                aria-describedby={error ? `${id}-${String(index)}-error` : undefined}
                value={text}
                maxLength={300}
                data-index={index}
                onChange={(event) => {
                  onChange(value.map((item, at) => (at === index ? event.target.value : item)));
                }}
                onBlur={onBlur}
              />
              {readOnly ? null : (
                <RemoveButton
                  itemLabel={label}
                  onClick={() => {
                    onChange(value.filter((_, at) => at !== index));
                    focusLater(`[data-text-list="${id}"] [data-add]`);
                  }}
                />
              )}
              {error ? (
                <p id={`${id}-${String(index)}-error`} className="field-error" role="alert">
                  {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <AddItemButton
          label={`Add ${itemLabel.toLowerCase()}`}
          onClick={() => {
            onChange([...value, '']);
            focusLater(`[data-text-list="${id}"] input[data-index="${String(value.length)}"]`);
          }}
        />
      )}
    </fieldset>
  );
}
