import { useEffect, useRef, type Ref } from 'react';
import { SearchIcon } from './icons';
import './search-box.css';

const defaultDebounceMs = 150;

interface SearchBoxProps {
  /** What the field shows; it runs ahead of the committed search while the user types. */
  text: string;
  onTextChange: (text: string) => void;
  onCommit: (search: string) => void;
  /** Placeholder and accessible name, for example "Filter datasets…". */
  label: string;
  maxLength: number;
  testId?: string;
  /** A one-key shortcut that focuses the field (the screen binds it), shown as a hint. */
  shortcut?: string;
  ref?: Ref<HTMLInputElement>;
  /**
   * Pause before a keystroke becomes a query. 0 commits on every keystroke: for lists whose
   * queries are fast enough (an FTS index in main) that waiting would be the slowest part.
   */
  debounceMs?: number;
}

/** Typing filters after a short pause, so each keystroke does not become a query. */
export function SearchBox({
  text,
  onTextChange,
  onCommit,
  label,
  maxLength,
  testId,
  shortcut,
  ref,
  debounceMs = defaultDebounceMs,
}: SearchBoxProps) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The timer commits the text as it is when it fires, so a Clear in between wins.
  const latest = useRef(text);
  useEffect(() => {
    latest.current = text;
  }, [text]);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
    },
    [],
  );

  function commitLater(value: string): void {
    clearTimeout(timer.current);
    if (debounceMs === 0) {
      onCommit(value);
      return;
    }
    timer.current = setTimeout(() => {
      onCommit(latest.current);
    }, debounceMs);
  }

  return (
    <div className="search-box">
      <SearchIcon />
      <input
        ref={ref}
        type="search"
        className="input search-input"
        placeholder={label}
        aria-label={label.replace(/…$/, '')}
        aria-keyshortcuts={shortcut}
        data-testid={testId}
        maxLength={maxLength}
        value={text}
        onChange={(event) => {
          onTextChange(event.target.value);
          commitLater(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && text !== '') {
            // Clear at once: nothing to wait for.
            event.preventDefault();
            clearTimeout(timer.current);
            onTextChange('');
            onCommit('');
          }
        }}
      />
      {shortcut ? (
        <kbd className="search-hint" aria-hidden="true">
          {shortcut}
        </kbd>
      ) : null}
    </div>
  );
}
