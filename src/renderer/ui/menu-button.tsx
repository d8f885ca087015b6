import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ChevronDownIcon } from './icons';
import './filter-menu.css';
import './menu-button.css';

interface MenuButtonProps {
  /** What the button shows. */
  label: ReactNode;
  /** The button's accessible name, when `label` alone does not say it. */
  name?: string;
  /** The panel's accessible name. */
  panelLabel: string;
  /** Which edge of the button the panel lines up with. */
  align?: 'start' | 'end';
  active?: boolean;
  testId?: string;
  /** The panel's content; `close` shuts the panel and returns focus to the button. */
  children: (close: () => void) => ReactNode;
}

/**
 * A toolbar button that opens a small panel of controls (a disclosure, not an ARIA menu, so
 * Tab moves through what it holds). A click outside or Esc closes it.
 */
export function MenuButton({
  label,
  name,
  panelLabel,
  align = 'start',
  active = false,
  testId,
  children,
}: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonId = useId();
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent): void {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  // By id rather than a ref: `close` is handed to the panel while it renders.
  function close(): void {
    setOpen(false);
    document.getElementById(buttonId)?.focus();
  }

  return (
    <div
      ref={rootRef}
      className="filter-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }}
      onBlur={(event) => {
        if (event.relatedTarget !== null && !event.currentTarget.contains(event.relatedTarget)) {
          setOpen(false);
        }
      }}
    >
      <button
        id={buttonId}
        type="button"
        className={active ? 'button filter-button filter-button-active' : 'button filter-button'}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={name}
        data-testid={testId}
        onClick={() => {
          setOpen((current) => !current);
        }}
      >
        {label}
        <ChevronDownIcon />
      </button>
      {open ? (
        <div
          id={panelId}
          className={
            align === 'end' ? 'filter-panel menu-panel menu-panel-end' : 'filter-panel menu-panel'
          }
          role="group"
          aria-label={panelLabel}
        >
          {children(close)}
        </div>
      ) : null}
    </div>
  );
}
