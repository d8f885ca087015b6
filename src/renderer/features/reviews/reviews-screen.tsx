import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAppEvent, useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { PlusIcon, ReviewsIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useShortcut } from '../../ui/use-shortcut';
import { useLiveQuery } from '../charter/use-live-query';
import { CampaignList } from './campaign-list';
import { OpenCampaignDialog } from './open-campaign-dialog';
import { openBlocker } from './review-permissions';
import './reviews.css';

/** Access review campaigns with their progress; `n` opens a new one (leads). */
export function ReviewsScreen() {
  const client = useClient();
  const toast = useToast();
  const navigate = useNavigate();
  const { status } = useWorkspace();
  const [opening, setOpening] = useState(false);
  const [revision, setRevision] = useState(0);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed') setRevision((current) => current + 1);
  });
  const load = useCallback(() => client.call('reviews.list', {}), [client]);
  const list = useLiveQuery(load, revision);
  const blocker = openBlocker(status);

  useShortcut('n', () => {
    if (blocker === null) setOpening(true);
  });

  const openButton = (
    <button
      type="button"
      className="button button-primary"
      data-testid="review-open"
      disabled={blocker !== null}
      title={blocker ?? 'Open an access review campaign (n)'}
      onClick={() => {
        setOpening(true);
      }}
    >
      <PlusIcon />
      Open campaign
    </button>
  );

  const campaigns = list.value?.campaigns ?? null;
  return (
    <div className="page reviews-screen">
      <PageHeader
        title="Access reviews"
        description="Campaigns in which reviewers confirm, revoke or narrow every grant in scope, with a justification for each. Their evidence exports as CSV and as a signed document."
        actions={openButton}
      />
      {list.error ? (
        <LoadErrorBanner
          title="Campaigns could not be loaded"
          error={list.error}
          onRetry={list.retry}
          tone={campaigns ? 'warning' : 'danger'}
        />
      ) : null}
      {campaigns === null ? (
        list.error ? null : (
          <Spinner label="Loading campaigns…" />
        )
      ) : campaigns.length === 0 ? (
        <EmptyState
          icon={<ReviewsIcon />}
          title="No access reviews yet"
          action={blocker === null ? openButton : null}
        >
          A campaign lists every live grant of a scope (all grants, one partner or one data
          category); its reviewers decide keep, revoke or narrow for each before the due date.
        </EmptyState>
      ) : (
        <CampaignList campaigns={campaigns} />
      )}
      {opening ? (
        <OpenCampaignDialog
          onOpened={(campaign) => {
            toast(
              `Campaign “${campaign.name}” opened over ${String(campaign.progress.total)} grants.`,
            );
            void navigate(`/reviews/${campaign.id}`);
          }}
          onClose={() => {
            setOpening(false);
          }}
        />
      ) : null}
    </div>
  );
}
