import type { CampaignSummary } from '../../../shared/domain/review';
import { Badge } from '../../ui/badge';
import { formatCount } from '../../ui/format';

/** How far a campaign has got: a bar of decided items, with the overdue ones called out. */
export function ReviewProgressBar({ campaign }: { campaign: CampaignSummary }) {
  const { decided, total, overdue } = campaign.progress;
  const label = `${formatCount(decided)} of ${formatCount(total)} decided`;
  return (
    <div className={overdue > 0 ? 'review-progress review-progress-overdue' : 'review-progress'}>
      <progress
        className="review-progress-bar"
        max={Math.max(total, 1)}
        value={decided}
        aria-label={`${campaign.name}: ${label}`}
      />
      <span className="review-progress-text">{label}</span>
      {overdue > 0 ? <OverdueBadge count={overdue} /> : null}
    </div>
  );
}

export function OverdueBadge({ count }: { count: number }) {
  return (
    <span data-testid="review-overdue">
      <Badge tone="red">{formatCount(count)} overdue</Badge>
    </span>
  );
}

export function CampaignStatusBadge({ campaign }: { campaign: CampaignSummary }) {
  return campaign.status === 'closed' ? (
    <Badge tone="neutral">Closed</Badge>
  ) : (
    <Badge tone="green">Open</Badge>
  );
}
