import { useId } from 'react';

export interface CheckboxOption {
  value: string;
  label: string;
  /** Shown after the label, e.g. the purpose's DPV id. */
  detail?: string;
  /** A value the list no longer offers (the vocabulary changed): kept visible so it can be cleared. */
  unknown?: boolean;
}

interface CheckboxGroupProps {
  legend: string;
  options: readonly CheckboxOption[];
  selected: readonly string[];
  /** Called with the new selection in the options' order. */
  onChange: (next: string[]) => void;
  onBlur?: () => void;
  error?: string | undefined;
  hint?: string;
  /** Receives the first checkbox, so a failed save can focus the group. */
  firstRef?: (element: HTMLInputElement | null) => void;
}

/** A labelled group of checkboxes for a multi-select field, with its error under the group. */
export function CheckboxGroup({
  legend,
  options,
  selected,
  onChange,
  onBlur,
  error,
  hint,
  firstRef,
}: CheckboxGroupProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  function toggle(value: string): void {
    const next = selected.includes(value)
      ? selected.filter((item) => item !== value)
      : [...selected, value];
    onChange(options.map((option) => option.value).filter((item) => next.includes(item)));
  }
  return (
    <fieldset
      className={error ? 'charter-checks field-invalid' : 'charter-checks'}
      aria-describedby={describedBy || undefined}
    >
      <legend className="field-label">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <div className="charter-checks-list">
        {options.map((option, index) => (
          <label
            key={option.value}
            className={option.unknown ? 'charter-check charter-check-unknown' : 'charter-check'}
          >
            <input
              ref={index === 0 ? firstRef : undefined}
              type="checkbox"
              checked={selected.includes(option.value)}
              aria-invalid={Boolean(error) && selected.includes(option.value) ? true : undefined}
              onChange={() => {
                toggle(option.value);
              }}
              onBlur={onBlur}
            />
            <span>{option.label}</span>
            {option.detail ? <code className="charter-check-detail">{option.detail}</code> : null}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
