import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  type CampaignSummary,
  type ReviewDecision,
  reviewDecisionLabels,
  reviewDecisionSchema,
  type ReviewItem,
  type ReviewItemState,
  reviewItemStateSchema,
} from '../../../shared/domain/review';
import type { Client } from '../../api/client';
import { toRpcError } from '../../api/client';
import { useAppEvent, useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { usePagedRows } from '../../ui/data-table/use-paged-rows';
import { VirtualTable } from '../../ui/data-table/virtual-table';
import { EmptyState } from '../../ui/empty-state';
import { formatCount, pluralise } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { SearchBox } from '../../ui/search-box';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useShortcut } from '../../ui/use-shortcut';
import { charterOf, useGoverningCharter } from '../catalog/use-governing-charter';
import { useLiveQuery } from '../charter/use-live-query';
import { CampaignExport } from './campaign-export';
import { ItemPanel } from './item-panel';
import { reviewItemColumns } from './review-item-columns';
import { closeBlocker } from './review-permissions';
import { CampaignStatusBadge, ReviewProgressBar } from './review-progress';
import './reviews.css';

interface ItemFilters {
  campaignId: string;
  state: ReviewItemState;
  decision: ReviewDecision | undefined;
  search: string;
}

const stateLabels: Record<ReviewItemState, string> = {
  all: 'All',
  undecided: 'Undecided',
  decided: 'Decided',
};

function readFilters(campaignId: string, params: URLSearchParams): ItemFilters {
  const state = reviewItemStateSchema.safeParse(params.get('state'));
  const decision = reviewDecisionSchema.safeParse(params.get('decision'));
  return {
    campaignId,
    state: state.success ? state.data : 'all',
    decision: decision.success ? decision.data : undefined,
    search: params.get('q') ?? '',
  };
}

function loadItems(client: Client, filters: ItemFilters, offset: number, limit: number) {
  return client.call('reviews.items', {
    campaignId: filters.campaignId,
    state: filters.state,
    ...(filters.decision ? { decision: filters.decision } : {}),
    ...(filters.search.trim() === '' ? {} : { search: filters.search }),
    offset,
    limit,
  });
}

/** The route `/reviews/:campaignId`. */
export function CampaignRoute() {
  const { campaignId = '' } = useParams();
  return <CampaignScreen key={campaignId} campaignId={campaignId} />;
}

/**
 * One campaign: its progress, its items in a paged table (200,000 of them scroll like 20),
 * filtered by decision and words from the URL, the chosen item's panel (`?item=GRANT`) where
 * reviewers decide, and the evidence exports. `/` focuses the search.
 */
export function CampaignScreen({ campaignId }: { campaignId: string }) {
  const client = useClient();
  const toast = useToast();
  const { status } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(campaignId, params), [campaignId, params]);
  const openGrant = params.get('item');
  const [searchText, setSearchText] = useState(filters.search);
  const searchRef = useRef<HTMLInputElement>(null);
  const [closing, setClosing] = useState(false);
  const [revision, setRevision] = useState(0);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed') setRevision((current) => current + 1);
  });
  const loadCampaign = useCallback(
    () => client.call('reviews.get', { id: campaignId }),
    [client, campaignId],
  );
  const campaignQuery = useLiveQuery(loadCampaign, revision);
  const campaign = campaignQuery.value;
  const { snapshot, ensureRange, invalidate } = usePagedRows(filters, loadItems, {
    refetchOn: (event) => event.name === 'workspace.changed',
  });
  const [charterState] = useGoverningCharter();
  const levels = useMemo(
    () => charterOf(charterState)?.content.accessLevels.map((level) => level.id) ?? [],
    [charterState],
  );

  useShortcut('/', () => searchRef.current?.focus());

  function update(change: (next: URLSearchParams) => void): void {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        change(next);
        return next;
      },
      { replace: true },
    );
  }
  function setParam(name: string, value: string | null): void {
    update((next) => {
      if (value === null || value === '') next.delete(name);
      else next.set(name, value);
    });
  }
  function refreshAfterChange(): void {
    // Main announces the change too; refreshing here keeps the screen right without it.
    setRevision((current) => current + 1);
    invalidate();
  }

  function close(current: CampaignSummary): void {
    setClosing(false);
    client.call('reviews.close', { id: current.id, expectedVersion: current.version }).then(
      (closed) => {
        toast(`“${closed.name}” is closed; its decisions are final.`);
        refreshAfterChange();
      },
      (failure: unknown) => {
        const { message, code } = toRpcError(failure);
        toast(`${message} (${code})`, 'info');
        refreshAfterChange();
      },
    );
  }

  if (campaign === null) {
    return (
      <div className="page">
        {campaignQuery.error ? (
          <LoadErrorBanner
            title="The campaign could not be loaded"
            error={campaignQuery.error}
            onRetry={campaignQuery.retry}
          />
        ) : (
          <Spinner label="Loading the campaign…" />
        )}
      </div>
    );
  }

  const closeReason = closeBlocker(status, campaign);
  const { progress } = campaign;
  return (
    <div className="page page-fill campaign-screen">
      <PageHeader
        eyebrow={<Link to="/reviews">Access reviews</Link>}
        title={campaign.name}
        description={
          <>
            {campaign.scopeLabel} · live grants on {campaign.asOfDay} · due{' '}
            <time dateTime={campaign.dueDay}>{campaign.dueDay}</time> · reviewers{' '}
            {campaign.reviewers.join(', ')} <CampaignStatusBadge campaign={campaign} />
          </>
        }
        actions={
          <>
            <CampaignExport campaignId={campaign.id} />
            {campaign.status === 'open' ? (
              <button
                type="button"
                className="button button-primary"
                data-testid="review-close"
                disabled={closeReason !== null}
                title={closeReason ?? 'Close the campaign; its decisions become final'}
                onClick={() => {
                  setClosing(true);
                }}
              >
                Close campaign
              </button>
            ) : null}
          </>
        }
      />
      {campaignQuery.error ? (
        <LoadErrorBanner
          title="The campaign could not be refreshed"
          error={campaignQuery.error}
          onRetry={campaignQuery.retry}
          tone="warning"
        />
      ) : null}
      <section className="review-summary" aria-label="Progress" data-testid="review-summary">
        <ReviewProgressBar campaign={campaign} />
        <ul className="review-counts">
          {reviewDecisionSchema.options.map((decision) => (
            <li key={decision}>
              {reviewDecisionLabels[decision]}{' '}
              <strong>{formatCount(progress.byDecision[decision])}</strong>
            </li>
          ))}
          <li>
            Undecided <strong>{formatCount(progress.undecided)}</strong>
          </li>
        </ul>
      </section>
      <div className="review-split">
        <div className="review-main">
          <div className="toolbar" role="group" aria-label="Filter items">
            <div className="review-states" role="group" aria-label="Decision state">
              {reviewItemStateSchema.options.map((state) => (
                <button
                  key={state}
                  type="button"
                  aria-pressed={filters.state === state && filters.decision === undefined}
                  className="review-state"
                  data-testid={`review-filter-${state}`}
                  onClick={() => {
                    update((next) => {
                      next.delete('decision');
                      if (state === 'all') next.delete('state');
                      else next.set('state', state);
                    });
                  }}
                >
                  {stateLabels[state]}
                </button>
              ))}
            </div>
            <label className="review-decision-filter">
              <span className="visually-hidden">Decision</span>
              <select
                className="input"
                data-testid="review-filter-decision"
                value={filters.decision ?? ''}
                onChange={(event) => {
                  setParam('decision', event.target.value);
                }}
              >
                <option value="">Any decision</option>
                {reviewDecisionSchema.options.map((decision) => (
                  <option key={decision} value={decision}>
                    {reviewDecisionLabels[decision]}
                  </option>
                ))}
              </select>
            </label>
            <SearchBox
              ref={searchRef}
              text={searchText}
              onTextChange={setSearchText}
              onCommit={(search) => {
                setParam('q', search.trim());
              }}
              label="Filter by principal, partner or dataset…"
              maxLength={200}
              shortcut="/"
              testId="review-search"
            />
            <span className="toolbar-spacer" />
            {snapshot.total !== null ? (
              <span className="toolbar-count" data-testid="review-item-count">
                {pluralise(snapshot.total, 'item')}
              </span>
            ) : null}
          </div>
          {snapshot.error ? (
            <LoadErrorBanner
              title="Items could not be loaded"
              error={snapshot.error}
              onRetry={invalidate}
            />
          ) : null}
          {snapshot.total === null ? (
            snapshot.error ? null : (
              <Spinner label="Loading items…" />
            )
          ) : snapshot.total === 0 ? (
            <EmptyState title="No items match these filters">
              <button
                type="button"
                className="button"
                onClick={() => {
                  setSearchText('');
                  update((next) => {
                    next.delete('state');
                    next.delete('decision');
                    next.delete('q');
                  });
                }}
              >
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <VirtualTable<ReviewItem>
              snapshot={snapshot}
              ensureRange={ensureRange}
              columns={reviewItemColumns}
              label={`Items of ${campaign.name}`}
              className="review-items-table"
              minWidth={760}
              testId="review-items"
              rowTestId="review-item-row"
              rowAttributes={(row) => ({ 'data-grant': row.grantId })}
              rowKey={(row) => row.grantId}
              selectedKey={openGrant}
              onOpen={(row) => {
                setParam('item', row.grantId);
              }}
            />
          )}
        </div>
        {openGrant !== null ? (
          <ItemPanel
            key={openGrant}
            campaignId={campaign.id}
            grantId={openGrant}
            revision={revision}
            levels={levels}
            onDecided={refreshAfterChange}
            onClose={() => {
              setParam('item', null);
            }}
          />
        ) : null}
      </div>
      {closing ? (
        <ConfirmDialog
          title="Close this campaign?"
          message={`All ${formatCount(progress.total)} items are decided. Once closed, the decisions are final and the campaign's evidence stays as it is.`}
          confirmLabel="Close campaign"
          cancelLabel="Keep it open"
          onConfirm={() => {
            close(campaign);
          }}
          onCancel={() => {
            setClosing(false);
          }}
        />
      ) : null}
    </div>
  );
}
