import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import './dialog.css';

const focusableSelector =
  'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

interface ModalProps {
  /** Id of the element that names the dialog (its title). */
  labelledBy: string;
  describedBy?: string;
  /** `alertdialog` for a question that interrupts; `dialog` for a small form. */
  role?: 'dialog' | 'alertdialog';
  /** Esc, and the caller's Cancel. */
  onClose: () => void;
  className?: string;
  children: ReactNode;
}

/**
 * A modal layer over the screen. Focus starts on the element marked `data-autofocus` (or the
 * first focusable one), stays inside while open and returns to where it was; Esc closes.
 */
export function Modal({
  labelledBy,
  describedBy,
  role = 'dialog',
  onClose,
  className,
  children,
}: ModalProps) {
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = dialogRef.current;
    const initial =
      dialog?.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog?.querySelector<HTMLElement>(focusableSelector);
    initial?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(focusableSelector)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className={className ? `dialog ${className}` : 'dialog'}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}

interface FormDialogActionsProps {
  submitLabel: string;
  /** What the submit button says while the form is being sent ("Exporting…"). */
  busyLabel: string;
  busy: boolean;
  /** Whether the form cannot be sent yet; it cannot while busy either. */
  disabled?: boolean;
  submitTestId?: string;
  onCancel: () => void;
}

/** A form dialog's Cancel and submit buttons. */
export function FormDialogActions({
  submitLabel,
  busyLabel,
  busy,
  disabled = false,
  submitTestId,
  onCancel,
}: FormDialogActionsProps) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button
        type="submit"
        className="button button-primary"
        data-testid={submitTestId}
        disabled={busy || disabled}
      >
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
