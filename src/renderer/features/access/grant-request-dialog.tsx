import { useId, useMemo, useState } from 'react';
import type { GrantRequest, PrincipalRecord } from '../../../shared/domain/access';
import type { CharterContent } from '../../../shared/domain/charter';
import type { DatasetRow } from '../../../shared/domain/dataset';
import { decideGrant } from '../../../shared/domain/policy';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { FormDialogActions, Modal } from '../../ui/modal';
import { DatasetPicker } from './dataset-picker';
import { PolicyVerdict } from './policy-verdict';

interface GrantRequestDialogProps {
  principals: readonly PrincipalRecord[];
  charter: CharterContent | null;
  today: string;
  /** Pre-filled from the view it was opened in (a principal's or a dataset's grants). */
  initialPrincipalId?: string | null;
  onRequested: (grantId: string) => void;
  onClose: () => void;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * A steward asks for access. The verdict is the policy engine's own (the shared pure
 * function main runs), decided on every change, so the steward sees why a request would be
 * refused before sending it; main decides again when it arrives and writes nothing on a deny.
 */
export function GrantRequestDialog({
  principals,
  charter,
  today,
  initialPrincipalId = null,
  onRequested,
  onClose,
}: GrantRequestDialogProps) {
  const client = useClient();
  const titleId = useId();
  const [principalId, setPrincipalId] = useState(initialPrincipalId ?? '');
  const [dataset, setDataset] = useState<DatasetRow | null>(null);
  const [level, setLevel] = useState(charter?.accessLevels[1]?.id ?? '');
  const [purpose, setPurpose] = useState(charter?.purposes[0]?.id ?? '');
  const [start, setStart] = useState(today);
  const [until, setUntil] = useState(addDays(today, 90));
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<RpcError | null>(null);

  const principal = principals.find((candidate) => candidate.id === principalId) ?? null;
  const request: GrantRequest | null =
    principal && dataset
      ? {
          principalId: principal.id,
          datasetId: dataset.id,
          level,
          purpose,
          start,
          until: until === '' ? null : until,
          justification,
        }
      : null;
  const decision = useMemo(
    () =>
      request && principal && dataset
        ? decideGrant({ request, principal, dataset, charter, today })
        : null,
    // The request's fields are what the verdict depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [principal, dataset, level, purpose, start, until, charter, today],
  );
  const missing = !request
    ? 'Choose a principal and a dataset.'
    : justification.trim() === ''
      ? 'Say why the access is needed.'
      : null;

  async function submit(): Promise<void> {
    if (busy || !request || missing !== null || decision?.decision !== 'allow') return;
    setBusy(true);
    setRefusal(null);
    try {
      const grant = await client.call('access.requestGrant', {
        ...request,
        justification: justification.trim(),
      });
      onRequested(grant.id);
      onClose();
    } catch (error) {
      setBusy(false);
      setRefusal(toRpcError(error));
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="grant-request-dialog">
      <form
        noValidate
        data-testid="grant-request-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId} className="dialog-title">
          Request access
        </h2>
        <div className="access-dialog-grid">
          <label className="field">
            <span className="field-label">Principal</span>
            <select
              className="input"
              value={principalId}
              data-testid="grant-principal"
              data-autofocus
              onChange={(event) => setPrincipalId(event.target.value)}
            >
              <option value="">Choose a principal…</option>
              {principals.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name} ({candidate.organisation})
                </option>
              ))}
            </select>
          </label>
          <div className="field">
            <span className="field-label">Dataset</span>
            <DatasetPicker value={dataset} onChange={setDataset} />
          </div>
          <label className="field">
            <span className="field-label">Level</span>
            <select
              className="input"
              value={level}
              data-testid="grant-level"
              onChange={(event) => setLevel(event.target.value)}
            >
              {(charter?.accessLevels ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Purpose</span>
            <select
              className="input"
              value={purpose}
              data-testid="grant-purpose"
              onChange={(event) => setPurpose(event.target.value)}
            >
              {(charter?.purposes ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">From</span>
            <input
              className="input"
              type="date"
              value={start}
              min={today}
              data-testid="grant-start"
              onChange={(event) => setStart(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">Until</span>
            <input
              className="input"
              type="date"
              value={until}
              data-testid="grant-until"
              onChange={(event) => setUntil(event.target.value)}
            />
          </label>
        </div>
        <label className="field">
          <span className="field-label">Justification</span>
          <textarea
            className="input"
            rows={2}
            maxLength={2000}
            value={justification}
            data-testid="grant-justification"
            onChange={(event) => setJustification(event.target.value)}
          />
        </label>
        {decision ? (
          <PolicyVerdict decision={decision} failedOnly testId="grant-verdict" />
        ) : (
          <p className="aside-note">The charter's verdict appears here as you fill the form.</p>
        )}
        {refusal ? <RefusalBanner title="The request was refused" error={refusal} /> : null}
        <FormDialogActions
          busy={busy}
          disabled={missing !== null || decision?.decision !== 'allow'}
          submitLabel="Request access"
          busyLabel="Requesting…"
          submitTestId="grant-submit"
          onCancel={onClose}
        />
        {missing !== null && request === null ? null : missing ? (
          <p className="aside-note">{missing}</p>
        ) : decision?.decision === 'deny' ? (
          <p className="aside-note">
            The charter does not allow this request; change it until every check passes.
          </p>
        ) : null}
      </form>
    </Modal>
  );
}
