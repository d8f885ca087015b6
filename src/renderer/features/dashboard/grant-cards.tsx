import { Link } from 'react-router';
import {
  type GrantFigures,
  liveGrantStatusSchema,
  EXPIRING_WITHIN_DAYS,
} from '../../../shared/domain/dashboard';
import { grantStatusLabels } from '../../../shared/domain/access';
import { formatCount, pluralise } from '../../ui/format';
import { grantStatusColors } from './chart-colors';
import { DashboardCard } from './dashboard-card';
import { dashboardLinks } from './dashboard-links';
import { FigureBarChart } from './figure-bar-chart';
import { FigureList, type Figure } from './figure-list';
import { formatDay } from './format-day';

export function ExpiringCard({ expiring }: { expiring: GrantFigures['expiring'] }) {
  const to = dashboardLinks.expiring(expiring.untilBy);
  return (
    <DashboardCard
      title={`Expiring in ${String(EXPIRING_WITHIN_DAYS)} days`}
      testId="dashboard-expiring"
    >
      <Link
        className="card-metric card-metric-link"
        to={to}
        aria-label={`${pluralise(expiring.count, 'grant')} expiring by ${formatDay(expiring.untilBy)}`}
      >
        {formatCount(expiring.count)}
      </Link>
      {expiring.soonest.length === 0 ? (
        <p className="card-text">
          No active or approved grant ends before {formatDay(expiring.untilBy)}.
        </p>
      ) : (
        <ol className="expiring-list" aria-label="Soonest to expire">
          {expiring.soonest.map((grant) => (
            <li key={grant.id}>
              <span className="expiring-who">
                {grant.principalName} <span className="expiring-org">({grant.organisation})</span>
              </span>
              <span className="expiring-what mono">{grant.datasetIdentifier}</span>
              <span className="expiring-until">{formatDay(grant.until)}</span>
            </li>
          ))}
        </ol>
      )}
      <Link className="card-link" to={to}>
        Show grants ending by {formatDay(expiring.untilBy)} →
      </Link>
    </DashboardCard>
  );
}

export function OutOfBoundsCard({ count, governed }: { count: number; governed: boolean }) {
  const to = dashboardLinks.outOfBounds();
  return (
    <DashboardCard
      title="Out of charter bounds"
      testId="dashboard-out-of-bounds"
      tone={count > 0 ? 'alert' : 'default'}
    >
      <Link
        className="card-metric card-metric-link"
        to={to}
        aria-label={`${pluralise(count, 'grant')} out of charter bounds`}
      >
        {formatCount(count)}
      </Link>
      <p className="card-text">
        {!governed
          ? 'No charter governs yet, so no grant can be within bounds.'
          : count === 0
            ? 'Every live grant is within what the governing charter allows.'
            : `${pluralise(count, 'live grant')} the governing charter would not allow today: revoke, narrow or justify ${count === 1 ? 'it' : 'them'}.`}
      </p>
      <Link className="card-link" to={to}>
        Show grants out of bounds →
      </Link>
    </DashboardCard>
  );
}

export function GrantStatusCard({ byStatus }: { byStatus: GrantFigures['byStatus'] }) {
  const figures: Figure[] = liveGrantStatusSchema.options.map((status) => ({
    key: status,
    label: grantStatusLabels[status],
    value: byStatus[status],
    to: dashboardLinks.grantStatus(status),
    color: grantStatusColors[status],
  }));
  const live = figures.reduce((total, figure) => total + figure.value, 0);
  return (
    <DashboardCard title="Live grants by status" testId="dashboard-grant-status">
      {live === 0 ? (
        <p className="card-text">No live grants yet.</p>
      ) : (
        <FigureBarChart figures={figures} />
      )}
      <FigureList figures={figures} unit="grants" />
      <Link className="card-link" to="/access">
        Open access →
      </Link>
    </DashboardCard>
  );
}
