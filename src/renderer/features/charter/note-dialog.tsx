import { useId, useState } from 'react';
import type { RpcError } from '../../api/client';
import { FormDialogActions, Modal } from '../../ui/modal';

interface NoteDialogProps {
  title: string;
  description: string;
  label: string;
  /** A required note must not be blank ("Say what needs to change"). */
  requiredMessage?: string;
  confirmLabel: string;
  /** Resolves to the error to show, or null when the step went through. */
  onSubmit: (text: string) => Promise<RpcError | null>;
  onClose: () => void;
}

/** A lifecycle step that takes a few words: a return's reason, an approval's note. */
export function NoteDialog({
  title,
  description,
  label,
  requiredMessage,
  confirmLabel,
  onSubmit,
  onClose,
}: NoteDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const fieldId = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(): Promise<void> {
    if (busy) return;
    if (requiredMessage && text.trim() === '') {
      setProblem(requiredMessage);
      return;
    }
    setBusy(true);
    setProblem(null);
    const error = await onSubmit(text.trim());
    if (error === null) {
      onClose();
      return;
    }
    setBusy(false);
    setProblem(`${error.message} (${error.code})`);
  }

  return (
    <Modal labelledBy={titleId} describedBy={descriptionId} onClose={onClose}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <p id={descriptionId} className="dialog-message">
          {description}
        </p>
        <div
          className={
            problem ? 'field field-invalid charter-dialog-field' : 'field charter-dialog-field'
          }
        >
          <label className="field-label" htmlFor={fieldId}>
            {label}
          </label>
          {requiredMessage ? null : <span className="field-optional">Optional</span>}
          <textarea
            id={fieldId}
            className="input"
            rows={4}
            maxLength={2000}
            value={text}
            aria-invalid={problem !== null}
            aria-describedby={problem ? `${fieldId}-error` : undefined}
            data-autofocus
            onChange={(event) => {
              setText(event.target.value);
            }}
          />
          {problem ? (
            <p id={`${fieldId}-error`} className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
        </div>
        <FormDialogActions
          submitLabel={confirmLabel}
          busyLabel="Working…"
          busy={busy}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
