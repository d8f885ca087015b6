import { Link } from 'react-router';
import type { CampaignSummary } from '../../../shared/domain/review';
import { CampaignStatusBadge, ReviewProgressBar } from './review-progress';

/** The campaigns as a table: each name links to its items. */
export function CampaignList({ campaigns }: { campaigns: readonly CampaignSummary[] }) {
  return (
    <table className="review-table" data-testid="review-campaigns">
      <thead>
        <tr>
          <th scope="col">Campaign</th>
          <th scope="col">Scope</th>
          <th scope="col">Due</th>
          <th scope="col">Progress</th>
          <th scope="col">Reviewers</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((campaign) => (
          <tr key={campaign.id} data-testid="review-campaign-row" data-campaign={campaign.id}>
            <td>
              <Link className="review-link" to={`/reviews/${campaign.id}`}>
                {campaign.name}
              </Link>
            </td>
            <td>{campaign.scopeLabel}</td>
            <td>
              <time dateTime={campaign.dueDay}>{campaign.dueDay}</time>
            </td>
            <td className="review-progress-cell">
              <ReviewProgressBar campaign={campaign} />
            </td>
            <td>{campaign.reviewers.join(', ')}</td>
            <td>
              <CampaignStatusBadge campaign={campaign} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
