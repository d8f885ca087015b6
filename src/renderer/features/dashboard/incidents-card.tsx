import { Link } from 'react-router';
import type { IncidentFigures } from '../../../shared/domain/dashboard';
import { incidentSeverities, incidentSeverityLabels } from '../../../shared/domain/incident';
import { formatCount, pluralise } from '../../ui/format';
import { severityColors } from './chart-colors';
import { DashboardCard } from './dashboard-card';
import { dashboardLinks } from './dashboard-links';
import { FigureBarChart } from './figure-bar-chart';
import { FigureList, type Figure } from './figure-list';

export function IncidentsCard({ incidents }: { incidents: IncidentFigures }) {
  const unresolved = incidents.open + incidents.escalated;
  const figures: Figure[] = incidentSeverities.map((severity) => ({
    key: severity,
    label: incidentSeverityLabels[severity],
    value: incidents.bySeverity[severity],
    to: dashboardLinks.incidentSeverity(severity),
    color: severityColors[severity],
  }));
  const to = dashboardLinks.unresolvedIncidents();
  return (
    <DashboardCard
      title="Open incidents"
      testId="dashboard-incidents"
      tone={incidents.bySeverity.critical > 0 ? 'alert' : 'default'}
    >
      <Link
        className="card-metric card-metric-link"
        to={to}
        aria-label={pluralise(unresolved, 'unresolved incident')}
      >
        {formatCount(unresolved)}
      </Link>
      <p className="card-text">
        {unresolved === 0
          ? 'No incident is open.'
          : `${formatCount(incidents.open)} open, ${formatCount(incidents.escalated)} escalated.`}
      </p>
      {unresolved === 0 ? null : (
        <>
          <FigureBarChart figures={figures} />
          <FigureList figures={figures} unit="unresolved incidents" />
        </>
      )}
      <Link className="card-link" to={to}>
        Show unresolved incidents →
      </Link>
    </DashboardCard>
  );
}
