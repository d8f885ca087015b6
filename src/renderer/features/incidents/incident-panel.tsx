import { useCallback, useState } from 'react';
import { grantStepKindLabels } from '../../../shared/domain/access';
import {
  type IncidentDetail,
  type IncidentGrantAction,
  incidentSeverityLabels,
  incidentStepKindLabels,
  incidentSubjectKindLabels,
} from '../../../shared/domain/incident';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { formatDateTime, pluralise } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useLoader } from '../../ui/use-loader';
import { NoteDialog } from '../charter/note-dialog';
import { EscalateDialog } from './escalate-dialog';
import { IncidentStatusBadge, SeverityBadge } from './incident-badges';
import { IncidentGrants } from './incident-grants';
import { incidentBlocker } from './incident-permissions';

interface IncidentPanelProps {
  incidentId: string;
  /** Bumped when the workspace changes, so the panel shows what is stored now. */
  revision: number;
  onClose: () => void;
}

function When({ at }: { at: string }) {
  return <time dateTime={at}>{formatDateTime(at)}</time>;
}

/** One incident: what it is about, its history, the grants in scope and what it did to them. */
export function IncidentPanel({ incidentId, revision, onClose }: IncidentPanelProps) {
  const client = useClient();
  const toast = useToast();
  const { status } = useWorkspace();
  const load = useCallback(
    () => client.call('incidents.get', { id: incidentId }),
    // `revision` is a dependency on purpose: a change reloads the same incident.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, incidentId, revision],
  );
  const [state, reload] = useLoader(load);
  // Keep the last detail on screen while a change reloads it, so checkboxes do not blink away.
  const ready = state.status === 'ready' ? state.value : null;
  const [shown, setShown] = useState<IncidentDetail | null>(null);
  if (ready !== null && ready !== shown) setShown(ready);
  const detail = ready ?? (shown?.incident.id === incidentId ? shown : null);
  const [dialog, setDialog] = useState<'escalate' | 'resolve' | null>(null);

  async function act(
    action: IncidentGrantAction,
    grantIds: string[],
    reason: string,
  ): Promise<RpcError | null> {
    try {
      const result = await client.call('incidents.actOnGrants', {
        incidentId,
        grantIds,
        action,
        reason,
      });
      toast(
        `${action === 'suspend' ? 'Suspended' : 'Revoked'} ${pluralise(result.grants.length, 'grant')}.`,
      );
      reload();
      return null;
    } catch (error) {
      return toRpcError(error);
    }
  }

  async function resolve(resolution: string): Promise<RpcError | null> {
    if (!detail) return null;
    try {
      await client.call('incidents.resolve', {
        id: detail.incident.id,
        expectedVersion: detail.incident.version,
        resolution,
      });
      toast('Incident resolved.');
      reload();
      return null;
    } catch (error) {
      return toRpcError(error);
    }
  }

  const incident = detail?.incident ?? null;
  const open = incident !== null && incident.status !== 'resolved';
  const escalateBlocker = incidentBlocker(status, 'escalate');
  const resolveBlocker = incidentBlocker(status, 'resolve');

  return (
    <aside
      className="incident-panel"
      aria-label={incident ? `Incident: ${incident.title}` : 'Incident'}
      data-testid="incident-panel"
      onKeyDown={(event) => {
        // A dialog's Escape (dialogs render in portals, but React bubbles their events here)
        // is handled and marked by the dialog; it must not close the panel too.
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header className="incident-panel-header">
        <h2 className="section-title">{incident?.title ?? 'Incident'}</h2>
        <button type="button" className="icon-button" aria-label="Close incident" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {detail === null && state.status === 'loading' ? <Spinner label="Loading incident…" /> : null}
      {state.status === 'failed' ? (
        <LoadErrorBanner
          title="The incident could not be loaded"
          error={state.error}
          onRetry={reload}
        />
      ) : null}
      {detail && incident ? (
        <div className="incident-panel-body">
          <div className="badge-row">
            <SeverityBadge value={incident.severity} />
            <IncidentStatusBadge value={incident.status} />
          </div>
          <dl className="incident-facts">
            <dt>About</dt>
            <dd>
              {incidentSubjectKindLabels[incident.subject.kind]}: {incident.subjectLabel}
            </dd>
            <dt>Reported by</dt>
            <dd>{incident.reporter}</dd>
            <dt>Recorded</dt>
            <dd>
              <When at={incident.recorded.at} /> by {incident.recorded.by}
            </dd>
            {incident.escalated ? (
              <>
                <dt>Escalated to</dt>
                <dd>
                  {incident.escalated.to} (<When at={incident.escalated.at} />)
                </dd>
              </>
            ) : null}
            {incident.resolved ? (
              <>
                <dt>Resolved</dt>
                <dd>
                  <When at={incident.resolved.at} /> by {incident.resolved.by}
                </dd>
              </>
            ) : null}
          </dl>
          <p className="incident-description">{incident.description}</p>
          {incident.resolved ? (
            <p className="incident-resolution">
              <strong>Resolution:</strong> {incident.resolved.resolution}
            </p>
          ) : null}
          {open ? (
            <div className="incident-actions">
              <button
                type="button"
                className="button"
                data-testid="incident-escalate"
                disabled={escalateBlocker !== null}
                title={escalateBlocker ?? undefined}
                onClick={() => {
                  setDialog('escalate');
                }}
              >
                {incident.status === 'escalated' ? 'Escalate further…' : 'Escalate…'}
              </button>
              <button
                type="button"
                className="button"
                data-testid="incident-resolve"
                disabled={resolveBlocker !== null}
                title={resolveBlocker ?? undefined}
                onClick={() => {
                  setDialog('resolve');
                }}
              >
                Resolve…
              </button>
            </div>
          ) : null}
          <IncidentGrants
            detail={detail}
            blocker={incidentBlocker(status, 'changeGrants')}
            onAct={act}
          />
          <section className="incident-section" aria-labelledby="incident-history-title">
            <h3 id="incident-history-title" className="incident-subtitle">
              History
            </h3>
            <ol className="incident-history" data-testid="incident-history">
              {detail.history.map((step) => (
                <li key={step.step}>
                  <span className="incident-history-kind">{incidentStepKindLabels[step.kind]}</span>{' '}
                  by {step.by}, <When at={step.at} />
                  {step.kind === 'escalated' ? ` to ${step.to ?? ''}` : ''} ·{' '}
                  {incidentSeverityLabels[step.severity]}
                  {step.note ? <p className="incident-history-note">{step.note}</p> : null}
                </li>
              ))}
            </ol>
          </section>
          <section className="incident-section" aria-labelledby="incident-steps-title">
            <h3 id="incident-steps-title" className="incident-subtitle">
              Grant steps this incident caused
            </h3>
            {detail.grantSteps.length === 0 ? (
              <p className="cell-muted">None yet.</p>
            ) : (
              <ol className="incident-history" data-testid="incident-grant-steps">
                {detail.grantSteps.map((step, index) => (
                  <li key={`${String(index)}:${step.grantId}`}>
                    <span className="incident-history-kind">{grantStepKindLabels[step.kind]}</span>{' '}
                    {step.principalName} →{' '}
                    <span className="cell-mono">{step.datasetIdentifier}</span> by {step.by},{' '}
                    <When at={step.at} />
                    {step.reason ? <p className="incident-history-note">{step.reason}</p> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      ) : null}
      {dialog === 'escalate' && incident ? (
        <EscalateDialog
          incident={incident}
          onEscalated={() => {
            toast('Incident escalated.');
            reload();
          }}
          onClose={() => {
            setDialog(null);
          }}
        />
      ) : null}
      {dialog === 'resolve' && incident ? (
        <NoteDialog
          title="Resolve this incident?"
          description={`“${incident.title}”. A resolved incident cannot change again, nor suspend or revoke grants.`}
          label="Resolution"
          requiredMessage="Say how it was resolved"
          confirmLabel="Resolve incident"
          onSubmit={resolve}
          onClose={() => {
            setDialog(null);
          }}
        />
      ) : null}
    </aside>
  );
}
