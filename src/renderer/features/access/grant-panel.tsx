import { useCallback, useState } from 'react';
import {
  grantStepKindLabels,
  type GrantDetail,
  type GrantStep,
} from '../../../shared/domain/access';
import type { CharterContent } from '../../../shared/domain/charter';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner, RefusalBanner } from '../../ui/banner';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { formatDateTime } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useLoader } from '../../ui/use-loader';
import { GrantStatusBadge } from './grant-badges';
import { GrantReasonDialog, NarrowDialog } from './grant-step-dialogs';
import { grantStepOffers, type GrantStepId } from './grant-steps';
import { PolicyVerdict } from './policy-verdict';

interface GrantPanelProps {
  grantId: string;
  /** Bumped when access changes, so the panel shows the grant as it is now. */
  revision: number;
  charter: CharterContent | null;
  onClose: () => void;
}

function sourceText(step: GrantStep): string | null {
  if (!step.source) return null;
  const kind = { incident: 'incident', review: 'access review', charter: 'charter approval' }[
    step.source.kind
  ];
  return `Through ${kind} ${step.source.id.slice(0, 8)}`;
}

function History({ steps }: { steps: readonly GrantStep[] }) {
  return (
    <ol className="grant-history" data-testid="grant-history">
      {steps.map((step) => (
        <li key={step.step} className="grant-history-step">
          <span className="grant-history-kind">{grantStepKindLabels[step.kind]}</span>
          <span className="grant-history-meta">
            {step.by} · <time dateTime={step.at}>{formatDateTime(step.at)}</time>
          </span>
          {step.narrowed ? (
            <span className="grant-history-detail">
              {step.narrowed.from.level} → {step.narrowed.to.level}; until{' '}
              {step.narrowed.from.until ?? 'open'} → {step.narrowed.to.until ?? 'open'}
            </span>
          ) : null}
          {step.reason ? <span className="grant-history-detail">“{step.reason}”</span> : null}
          {sourceText(step) ? (
            <span className="grant-history-detail cell-muted">{sourceText(step)}</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * The explain panel: a grant, every check the policy makes on it under the charter that
 * governs now, its history, and the steps the person at the keyboard may take.
 */
export function GrantPanel({ grantId, revision, charter, onClose }: GrantPanelProps) {
  const client = useClient();
  const toast = useToast();
  const { status } = useWorkspace();
  const load = useCallback(
    () => client.call('access.grant', { id: grantId }),
    // `revision` is a dependency on purpose: a change reloads the same grant.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, grantId, revision],
  );
  const [state, reload] = useLoader(load);
  const [open, setOpen] = useState<GrantStepId | null>(null);
  const [refusal, setRefusal] = useState<RpcError | null>(null);

  async function run(step: () => Promise<unknown>, done: string): Promise<RpcError | null> {
    try {
      await step();
      toast(done, 'success');
      reload();
      return null;
    } catch (error) {
      return toRpcError(error);
    }
  }

  return (
    <aside
      className="access-panel"
      aria-label="Grant"
      data-testid="grant-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open === null) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header className="access-panel-header">
        <h2 className="section-title">Grant</h2>
        <button type="button" className="icon-button" aria-label="Close grant" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {state.status === 'loading' ? <Spinner label="Loading grant…" /> : null}
      {state.status === 'failed' ? (
        <LoadErrorBanner
          title="The grant could not be loaded"
          error={state.error}
          onRetry={reload}
        />
      ) : null}
      {refusal ? (
        <RefusalBanner
          title="The grant was not approved"
          error={refusal}
          onDismiss={() => setRefusal(null)}
        />
      ) : null}
      {state.status === 'ready' ? (
        <GrantPanelBody
          detail={state.value}
          offers={grantStepOffers(state.value.grant.status, status.actor, status.readOnly)}
          onStep={setOpen}
        />
      ) : null}
      {state.status === 'ready' && open !== null ? (
        <StepDialog
          step={open}
          detail={state.value}
          charter={charter}
          onClose={() => setOpen(null)}
          run={run}
          approve={() => {
            const { grant } = state.value;
            setOpen(null);
            void run(
              () =>
                client.call('access.approveGrant', {
                  id: grant.id,
                  expectedVersion: grant.version,
                }),
              'Grant approved.',
            ).then(setRefusal);
          }}
        />
      ) : null}
    </aside>
  );
}

interface StepDialogProps {
  step: GrantStepId;
  detail: GrantDetail;
  charter: CharterContent | null;
  onClose: () => void;
  run: (step: () => Promise<unknown>, done: string) => Promise<RpcError | null>;
  approve: () => void;
}

function StepDialog({ step, detail, charter, onClose, run, approve }: StepDialogProps) {
  const client = useClient();
  const { grant } = detail;
  const base = { id: grant.id, expectedVersion: grant.version };
  switch (step) {
    case 'approve':
      return (
        <ConfirmDialog
          title="Approve this grant?"
          message={`${grant.principalName} gets ${grant.level} access to ${grant.datasetIdentifier} for ${grant.purpose} from ${grant.start} until ${grant.until ?? 'open'}. The policy decides again under the governing charter.`}
          confirmLabel="Approve grant"
          cancelLabel="Cancel"
          onConfirm={approve}
          onCancel={onClose}
        />
      );
    case 'narrow':
      return (
        <NarrowDialog
          grant={grant}
          charter={charter}
          today={new Date().toISOString().slice(0, 10)}
          onClose={onClose}
          onSubmit={(terms) =>
            run(() => client.call('access.narrowGrant', { ...base, ...terms }), 'Grant narrowed.')
          }
        />
      );
    case 'revoke':
    case 'suspend':
    case 'reinstate': {
      const channel = {
        revoke: 'access.revokeGrant',
        suspend: 'access.suspendGrant',
        reinstate: 'access.reinstateGrant',
      } as const;
      const done = {
        revoke: 'Grant revoked.',
        suspend: 'Grant suspended.',
        reinstate: 'Grant reinstated.',
      };
      return (
        <GrantReasonDialog
          grant={grant}
          step={step}
          onClose={onClose}
          onSubmit={(reason) =>
            run(() => client.call(channel[step], { ...base, reason }), done[step])
          }
        />
      );
    }
  }
}

interface BodyProps {
  detail: GrantDetail;
  offers: ReturnType<typeof grantStepOffers>;
  onStep: (step: GrantStepId) => void;
}

function GrantPanelBody({ detail, offers, onStep }: BodyProps) {
  const { grant, decision, history } = detail;
  const live = grant.status !== 'revoked' && grant.status !== 'expired';
  return (
    <div className="access-panel-body">
      <div className="badge-row">
        <GrantStatusBadge value={grant.status} />
      </div>
      <dl className="access-facts">
        <dt>Principal</dt>
        <dd>{grant.principalName}</dd>
        <dt>Dataset</dt>
        <dd className="cell-mono">{grant.datasetIdentifier}</dd>
        <dt>Level</dt>
        <dd>{grant.level}</dd>
        <dt>Purpose</dt>
        <dd className="cell-mono">{grant.purpose}</dd>
        <dt>Valid</dt>
        <dd>
          {grant.start} → {grant.until ?? 'open-ended'}
        </dd>
        <dt>Justification</dt>
        <dd>{grant.justification}</dd>
        <dt>Grant ID</dt>
        <dd className="cell-mono break">{grant.id}</dd>
      </dl>
      {offers.length > 0 ? (
        <div className="access-panel-actions" role="group" aria-label="Grant actions">
          {offers.map((offer) => (
            <button
              key={offer.id}
              type="button"
              className={offer.id === 'revoke' ? 'button button-danger' : 'button'}
              disabled={offer.blockedBy !== null}
              title={offer.blockedBy ?? undefined}
              data-testid={`grant-step-${offer.id}`}
              onClick={() => onStep(offer.id)}
            >
              {offer.label}
            </button>
          ))}
        </div>
      ) : null}
      {offers.length > 0 && offers.every((offer) => offer.blockedBy !== null) ? (
        <p className="aside-note">{offers[0]?.blockedBy}</p>
      ) : null}
      <h3 className="access-subtitle">Under the governing charter</h3>
      {live ? null : (
        <p className="aside-note">
          This grant is {grant.status} and gives no access; the checks show how it would fare now.
        </p>
      )}
      <PolicyVerdict decision={decision} testId="grant-explain" />
      <h3 className="access-subtitle">History</h3>
      <History steps={history} />
    </div>
  );
}
