import { useEffect, useRef, type Ref } from 'react';
import { SearchIcon } from '../../ui/icons';
import { searchMaxLength } from './catalog-filters';

const debounceMs = 150;

interface SearchBoxProps {
  /** What the field shows; it runs ahead of the committed search while the user types. */
  text: string;
  onTextChange: (text: string) => void;
  onCommit: (search: string) => void;
  ref?: Ref<HTMLInputElement>;
}

/** Typing filters after a short pause, so each keystroke does not become a query. */
export function SearchBox({ text, onTextChange, onCommit, ref }: SearchBoxProps) {
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

  function commitLater(): void {
    clearTimeout(timer.current);
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
        placeholder="Filter datasets…"
        aria-label="Filter datasets"
        aria-keyshortcuts="/"
        data-testid="catalog-search"
        maxLength={searchMaxLength}
        value={text}
        onChange={(event) => {
          onTextChange(event.target.value);
          commitLater();
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
      <kbd className="search-hint" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
