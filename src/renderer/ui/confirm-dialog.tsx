import { useId } from 'react';
import { Modal } from './modal';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  tone?: 'danger' | 'primary';
  onConfirm: () => void;
  onCancel: () => void;
}

/** A small modal question. Focus starts on the safe choice; Esc means cancel. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  cancelLabel,
  tone = 'primary',
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const titleId = useId();
  const messageId = useId();
  return (
    <Modal labelledBy={titleId} describedBy={messageId} role="alertdialog" onClose={onCancel}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <p id={messageId} className="dialog-message">
        {message}
      </p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} data-autofocus>
          {cancelLabel}
        </button>
        <button
          type="button"
          className={`button ${tone === 'danger' ? 'button-danger' : 'button-primary'}`}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
