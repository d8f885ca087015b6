import { useCallback } from 'react';
import { grantStatusLabels } from '../../../shared/domain/access';
import { reviewDecisionLabels, type ReviewItem } from '../../../shared/domain/review';
import { useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { formatDateTime } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useLoader } from '../../ui/use-loader';
import { DecideForm } from './decide-form';
import { DecisionBadge } from './review-badges';
import { decideBlocker } from './review-permissions';

interface ItemPanelProps {
  campaignId: string;
  grantId: string;
  /** Bumped when the workspace changes, so the panel shows the item and grant as they are. */
  revision: number;
  /** The governing charter's access levels, lowest first (for narrowing). */
  levels: readonly string[];
  onDecided: (item: ReviewItem) => void;
  onClose: () => void;
}

/**
 * One item: the grant as reviewed and as it is now, its decision, and the form the campaign's
 * reviewers decide with. Esc closes it.
 */
export function ItemPanel({
  campaignId,
  grantId,
  revision,
  levels,
  onDecided,
  onClose,
}: ItemPanelProps) {
  const client = useClient();
  const toast = useToast();
  const { status } = useWorkspace();
  const load = useCallback(
    () => client.call('reviews.item', { campaignId, grantId }),
    // `revision` is a dependency on purpose: a change reloads the same item.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, campaignId, grantId, revision],
  );
  const [state, reload] = useLoader(load);

  return (
    <aside
      className="review-panel"
      aria-label="Review item"
      data-testid="review-item-panel"
      onKeyDown={(event) => {
        // A dialog above the panel (the revoke confirmation) handles its own Esc first.
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header className="review-panel-header">
        <h2 className="section-title">Grant under review</h2>
        <button type="button" className="icon-button" aria-label="Close item" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {state.status === 'loading' ? <Spinner label="Loading the item…" /> : null}
      {state.status === 'failed' ? (
        <LoadErrorBanner
          title="The item could not be loaded"
          error={state.error}
          onRetry={reload}
        />
      ) : null}
      {state.status === 'ready'
        ? (() => {
            const { item, campaign, grant } = state.value;
            const final = item.decision === 'revoke' || item.decision === 'narrow';
            return (
              <div className="review-panel-body">
                <dl className="review-facts">
                  <dt>Principal</dt>
                  <dd>
                    {item.principalName ?? item.principalId}{' '}
                    <span className="cell-muted">({item.organisation ?? 'unknown'})</span>
                  </dd>
                  <dt>Dataset</dt>
                  <dd className="cell-mono">{item.datasetIdentifier ?? item.datasetId}</dd>
                  <dt>Reviewed terms</dt>
                  <dd>
                    {item.level} for <span className="cell-mono">{item.purpose}</span>, until{' '}
                    {item.until ?? 'open'}
                  </dd>
                  <dt>Grant now</dt>
                  <dd data-testid="review-grant-now">
                    {grant
                      ? `${grantStatusLabels[grant.status]}: ${grant.level}, until ${grant.until ?? 'open'}`
                      : 'Not in this workspace'}
                  </dd>
                  <dt>Grant id</dt>
                  <dd className="cell-mono">{item.grantId}</dd>
                  <dt>Decision</dt>
                  <dd>
                    <DecisionBadge decision={item.decision} />
                    {item.decided ? (
                      <span className="cell-muted">
                        {' '}
                        by {item.decided.by},{' '}
                        <time dateTime={item.decided.at}>{formatDateTime(item.decided.at)}</time>
                      </span>
                    ) : null}
                  </dd>
                  {item.narrowed ? (
                    <>
                      <dt>Narrowed to</dt>
                      <dd>
                        {item.narrowed.level}, until {item.narrowed.until ?? 'open'}
                      </dd>
                    </>
                  ) : null}
                  {item.justification ? (
                    <>
                      <dt>Justification</dt>
                      <dd>“{item.justification}”</dd>
                    </>
                  ) : null}
                </dl>
                {final ? (
                  <p className="review-final" data-testid="review-final">
                    {reviewDecisionLabels[item.decision ?? 'keep']} decisions are final: the grant
                    was changed when it was recorded.
                  </p>
                ) : (
                  <DecideForm
                    key={`${item.grantId}:${item.decided?.at ?? ''}`}
                    campaignId={campaign.id}
                    item={item}
                    current={{
                      level: grant?.level ?? item.level,
                      until: grant?.until ?? item.until,
                    }}
                    levels={levels}
                    blocker={decideBlocker(status, campaign)}
                    onDecided={(decided) => {
                      toast(
                        `${reviewDecisionLabels[decided.decision ?? 'keep']} recorded for ${decided.principalName ?? decided.principalId}.`,
                      );
                      onDecided(decided);
                      reload();
                    }}
                  />
                )}
              </div>
            );
          })()
        : null}
    </aside>
  );
}
