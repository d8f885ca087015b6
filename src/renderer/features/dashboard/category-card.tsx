import { Link } from 'react-router';
import type { CatalogFigures } from '../../../shared/domain/dashboard';
import { formatCount, pluralise } from '../../ui/format';
import { chartColors } from './chart-colors';
import { DashboardCard } from './dashboard-card';
import { dashboardLinks } from './dashboard-links';
import { FigureBarChart } from './figure-bar-chart';
import { FigureList, type Figure } from './figure-list';

export function CategoryCard({
  catalog,
  governed,
}: {
  catalog: CatalogFigures;
  governed: boolean;
}) {
  const figures: Figure[] = catalog.categories.map((category) => ({
    key: category.id === '' ? '(none)' : category.id,
    label:
      category.id === ''
        ? 'No category'
        : category.inCharter
          ? category.name
          : `${category.name} (not in the charter)`,
    value: category.datasets,
    // The catalog cannot filter for "no category": that figure links nowhere.
    to: category.id === '' ? null : dashboardLinks.category(category.id),
    color: category.inCharter ? chartColors.accent : chartColors.muted,
    flagged: category.withFindings,
    ...(category.withFindings > 0
      ? { note: `${formatCount(category.withFindings)} with findings` }
      : {}),
  }));
  return (
    <DashboardCard
      title="Datasets per category"
      testId="dashboard-categories"
      className="dashboard-card-wide"
    >
      <p className="card-text">
        {pluralise(catalog.total, 'dataset')}
        {catalog.withFindings > 0 ? (
          <>
            {' · '}
            <strong className="dashboard-danger">
              {formatCount(catalog.withFindings)} {catalog.withFindings === 1 ? 'breaks' : 'break'}{' '}
              the charter&rsquo;s rules
            </strong>
          </>
        ) : null}
      </p>
      {!governed ? (
        <p className="card-text">Publish a charter to file datasets under its categories.</p>
      ) : null}
      {catalog.total > 0 ? <FigureBarChart figures={figures} orientation="rows" /> : null}
      {figures.length > 0 ? <FigureList figures={figures} unit="datasets" /> : null}
      <Link className="card-link" to="/catalog">
        Open the catalog →
      </Link>
    </DashboardCard>
  );
}
