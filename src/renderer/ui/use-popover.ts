import {
  useEffect,
  useId,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';

export interface Popover {
  open: boolean;
  /** Shuts the panel and returns focus to its button. */
  close: () => void;
  /** The panel's id. */
  panelId: string;
  /** For the element that holds the button and the panel. */
  rootProps: {
    ref: RefObject<HTMLDivElement | null>;
    onKeyDown: (event: KeyboardEvent) => void;
    onBlur: (event: FocusEvent) => void;
  };
  /** For the button that opens and shuts the panel. */
  buttonProps: {
    id: string;
    'aria-expanded': boolean;
    'aria-controls': string | undefined;
    onClick: () => void;
  };
}

/**
 * A button that opens a small panel (a disclosure, not an ARIA menu, so Tab moves through what
 * the panel holds). A click outside, focus moving to a control outside or Esc closes it; Esc
 * returns focus to the button.
 */
export function usePopover(): Popover {
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

  return {
    open,
    close,
    panelId,
    rootProps: {
      ref: rootRef,
      onKeyDown: (event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      },
      onBlur: (event) => {
        if (event.relatedTarget !== null && !event.currentTarget.contains(event.relatedTarget)) {
          setOpen(false);
        }
      },
    },
    buttonProps: {
      id: buttonId,
      'aria-expanded': open,
      'aria-controls': open ? panelId : undefined,
      onClick: () => {
        setOpen((current) => !current);
      },
    },
  };
}
