import { Link } from 'react-router';
import type { CampaignProgressFigure, ReviewFigures } from '../../../shared/domain/dashboard';
import { formatCount, pluralise } from '../../ui/format';
import { DashboardCard } from './dashboard-card';
import { dashboardLinks } from './dashboard-links';
import { formatDay } from './format-day';

function CampaignProgress({ campaign }: { campaign: CampaignProgressFigure }) {
  const late = campaign.overdue > 0;
  const percent =
    campaign.total === 0 ? 100 : Math.round((campaign.decided / campaign.total) * 100);
  return (
    <li className={late ? 'campaign-progress campaign-overdue' : 'campaign-progress'}>
      <div className="campaign-progress-head">
        <Link to={dashboardLinks.campaign(campaign.id)} className="campaign-name">
          {campaign.name}
        </Link>
        <span className="campaign-due">due {formatDay(campaign.dueDay)}</span>
      </div>
      <progress
        className="campaign-bar"
        max={Math.max(campaign.total, 1)}
        value={campaign.total === 0 ? 1 : campaign.decided}
        aria-label={`${campaign.name}: ${String(percent)}% decided`}
      />
      <p className="campaign-counts">
        {formatCount(campaign.decided)} of {pluralise(campaign.total, 'grant')} decided
        {late ? (
          <strong className="campaign-late"> · {formatCount(campaign.overdue)} overdue</strong>
        ) : null}
      </p>
    </li>
  );
}

export function ReviewProgressCard({ reviews }: { reviews: ReviewFigures }) {
  const overdue = reviews.campaigns.reduce((total, campaign) => total + campaign.overdue, 0);
  return (
    <DashboardCard
      title="Access reviews in progress"
      testId="dashboard-reviews"
      tone={overdue > 0 ? 'alert' : 'default'}
    >
      {reviews.campaigns.length === 0 ? (
        <p className="card-text">No review campaign is open.</p>
      ) : (
        <ul className="campaign-list">
          {reviews.campaigns.map((campaign) => (
            <CampaignProgress key={campaign.id} campaign={campaign} />
          ))}
        </ul>
      )}
      <Link className="card-link" to="/reviews">
        Open reviews →
      </Link>
    </DashboardCard>
  );
}
