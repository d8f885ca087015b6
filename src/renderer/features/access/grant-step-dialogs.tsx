import { useId, useState } from 'react';
import type { GrantListing } from '../../../shared/domain/access';
import type { CharterContent } from '../../../shared/domain/charter';
import type { RpcError } from '../../api/client';
import { FormDialogActions, Modal } from '../../ui/modal';
import { NoteDialog } from '../charter/note-dialog';
import type { GrantStepId } from './grant-steps';

interface StepDialogProps {
  grant: GrantListing;
  step: Exclude<GrantStepId, 'approve' | 'narrow'>;
  onSubmit: (reason: string) => Promise<RpcError | null>;
  onClose: () => void;
}

const reasonCopy = {
  revoke: {
    title: 'Revoke this grant?',
    description:
      'Revoking ends the grant for good; it cannot be reinstated. The reason is recorded in the ledger.',
    confirm: 'Revoke grant',
  },
  suspend: {
    title: 'Suspend this grant?',
    description:
      'The principal loses access until a steward reinstates the grant. The reason is recorded in the ledger.',
    confirm: 'Suspend grant',
  },
  reinstate: {
    title: 'Reinstate this grant?',
    description:
      'The policy decides again under the governing charter; a grant it no longer allows stays suspended.',
    confirm: 'Reinstate grant',
  },
} as const;

/** Revoke, suspend or reinstate: a step that records why. */
export function GrantReasonDialog({ grant, step, onSubmit, onClose }: StepDialogProps) {
  const copy = reasonCopy[step];
  const turningDown = step === 'revoke' && grant.status === 'requested';
  return (
    <NoteDialog
      title={turningDown ? 'Turn down this request?' : copy.title}
      description={`${grant.principalName} → ${grant.datasetIdentifier}. ${copy.description}`}
      label="Reason"
      requiredMessage="Say why"
      confirmLabel={turningDown ? 'Turn down' : copy.confirm}
      onSubmit={onSubmit}
      onClose={onClose}
    />
  );
}

interface NarrowDialogProps {
  grant: GrantListing;
  charter: CharterContent | null;
  today: string;
  onSubmit: (terms: { level: string; until: string; reason: string }) => Promise<RpcError | null>;
  onClose: () => void;
}

/** A lower level and/or an earlier end day; only levels at or below the grant's are offered. */
export function NarrowDialog({ grant, charter, today, onSubmit, onClose }: NarrowDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const levels = charter?.accessLevels ?? [];
  const current = levels.findIndex((level) => level.id === grant.level);
  const offered = current >= 0 ? levels.slice(0, current + 1) : levels;
  const [level, setLevel] = useState(grant.level);
  const [until, setUntil] = useState(grant.until ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(): Promise<void> {
    if (busy) return;
    if (reason.trim() === '') {
      setProblem('Say why the grant is narrowed.');
      return;
    }
    setBusy(true);
    setProblem(null);
    const error = await onSubmit({ level, until, reason: reason.trim() });
    if (error === null) {
      onClose();
      return;
    }
    setBusy(false);
    const details = (error.issues ?? []).map((issue) => issue.message).join('; ');
    setProblem(details ? `${details} (${error.code})` : `${error.message} (${error.code})`);
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
          Narrow this grant
        </h2>
        <p id={descriptionId} className="dialog-message">
          {grant.principalName} → {grant.datasetIdentifier}. Lower the level or end the grant
          sooner; a narrowing never widens it.
        </p>
        <div className="access-dialog-grid">
          <label className="field">
            <span className="field-label">Level</span>
            <select
              className="input"
              value={level}
              onChange={(event) => setLevel(event.target.value)}
              data-autofocus
            >
              {offered.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Until</span>
            <input
              className="input"
              type="date"
              min={today}
              max={grant.until ?? undefined}
              value={until}
              onChange={(event) => setUntil(event.target.value)}
            />
          </label>
        </div>
        <label className={problem ? 'field field-invalid' : 'field'}>
          <span className="field-label">Reason</span>
          <textarea
            className="input"
            rows={3}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <FormDialogActions
          busy={busy}
          submitLabel="Narrow grant"
          busyLabel="Narrowing…"
          submitTestId="narrow-submit"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
