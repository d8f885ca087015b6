import { useState, type Ref } from 'react';
import type { ControlProps } from '../../ui/form-field';
import { CloseIcon } from '../../ui/icons';

interface TokenInputProps extends ControlProps {
  name: string;
  value: readonly string[];
  onChange: (next: string[]) => void;
  onBlur: () => void;
  /** "tag" or "format": used in the remove buttons' names. */
  itemLabel: string;
  placeholder?: string;
  maxLength?: number;
  ref?: Ref<HTMLInputElement>;
}

/**
 * A list of short labels typed as text: Enter or a comma adds one, Backspace on an empty field
 * removes the last, leaving the field adds what was typed. The value is a plain string[].
 */
export function TokenInput({
  name,
  value,
  onChange,
  onBlur,
  itemLabel,
  placeholder,
  maxLength,
  ref,
  ...control
}: TokenInputProps) {
  const [text, setText] = useState('');

  function add(raw: string): void {
    const next = [...value];
    for (const part of raw.split(',')) {
      const token = part.trim();
      if (token !== '' && !next.includes(token)) next.push(token);
    }
    if (next.length !== value.length) onChange(next);
    setText('');
  }

  return (
    <div className="token-input" aria-invalid={control['aria-invalid']}>
      {value.length > 0 ? (
        <ul className="token-input-chips">
          {value.map((token) => (
            <li key={token} className="chip">
              <span className="chip-label">{token}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${itemLabel} ${token}`}
                onClick={() => {
                  onChange(value.filter((item) => item !== token));
                }}
              >
                <CloseIcon />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        {...control}
        ref={ref}
        name={name}
        className="token-input-field"
        value={text}
        placeholder={value.length === 0 ? placeholder : undefined}
        maxLength={maxLength}
        autoComplete="off"
        onChange={(event) => {
          const typed = event.target.value;
          // A comma (typed or pasted) ends a token.
          if (typed.includes(',')) add(typed);
          else setText(typed);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            // Enter adds a token; it must not submit the form.
            event.preventDefault();
            add(text);
          } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
            event.preventDefault();
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => {
          if (text.trim() !== '') add(text);
          onBlur();
        }}
      />
    </div>
  );
}
