import { Link } from 'react-router';
import { useWorkspace } from '../../app/workspace-context';
import { Banner, LoadErrorBanner } from '../../ui/banner';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { CategoryCard } from './category-card';
import { ExpiringCard, GrantStatusCard, OutOfBoundsCard } from './grant-cards';
import { IncidentsCard } from './incidents-card';
import { ReviewProgressCard } from './review-progress-card';
import { TierCard } from './tier-card';
import { useDashboardSummary } from './use-dashboard-summary';
import { WorkspaceCards } from './workspace-cards';
import './dashboard.css';

/** /dashboard: the governance figures a lead opens the app for, each leading to its list. */
export function DashboardScreen() {
  const { status } = useWorkspace();
  const summary = useDashboardSummary();
  const value = summary.value;
  return (
    <div className="page">
      <PageHeader title="Dashboard" description={`The workspace of ${status.node.organisation}.`} />
      {summary.error ? (
        <LoadErrorBanner
          title={value ? 'The figures could not be refreshed' : 'The figures could not be loaded'}
          tone={value ? 'warning' : 'danger'}
          error={summary.error}
          onRetry={summary.retry}
        />
      ) : null}
      {value === null ? (
        summary.error ? null : (
          <Spinner label="Counting grants, reviews and incidents…" />
        )
      ) : (
        <div className="dashboard-figures">
          {value.charter === null ? (
            <Banner title="No charter governs this workspace yet" tone="info">
              Grants, categories and tiers follow the published charter.{' '}
              <Link to="/charter">Publish the charter</Link> to start.
            </Banner>
          ) : null}
          <div className="dashboard-row dashboard-row-three">
            <ExpiringCard expiring={value.grants.expiring} />
            <OutOfBoundsCard count={value.grants.outOfBounds} governed={value.charter !== null} />
            <GrantStatusCard byStatus={value.grants.byStatus} />
          </div>
          <div className="dashboard-row">
            <ReviewProgressCard reviews={value.reviews} />
            <IncidentsCard incidents={value.incidents} />
          </div>
          <div className="dashboard-row">
            <CategoryCard catalog={value.catalog} governed={value.charter !== null} />
            <TierCard partners={value.partners} governed={value.charter !== null} />
          </div>
        </div>
      )}
      <section className="dashboard-workspace" aria-labelledby="dashboard-this-workspace">
        <h2 id="dashboard-this-workspace" className="section-title">
          This workspace
        </h2>
        <WorkspaceCards />
      </section>
    </div>
  );
}
