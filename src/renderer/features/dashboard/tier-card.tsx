import { Link } from 'react-router';
import type { PartnerFigures } from '../../../shared/domain/dashboard';
import { pluralise } from '../../ui/format';
import { chartColors, tierColor } from './chart-colors';
import { DashboardCard } from './dashboard-card';
import { dashboardLinks } from './dashboard-links';
import { FigureList, type Figure } from './figure-list';
import { TierDonut } from './tier-donut';

export function TierCard({ partners, governed }: { partners: PartnerFigures; governed: boolean }) {
  const figures: Figure[] = [
    ...partners.tiers.map((tier, index) => ({
      key: tier.id,
      label: tier.inCharter ? tier.name : `${tier.name} (not in the charter)`,
      value: tier.partners,
      to: dashboardLinks.tier(tier.id),
      color: tier.inCharter ? tierColor(index) : chartColors.muted,
    })),
    ...(partners.noTier > 0
      ? [
          {
            key: '(no tier)',
            label: 'No tier',
            value: partners.noTier,
            to: dashboardLinks.noTier(),
            color: chartColors.danger,
          },
        ]
      : []),
  ];
  return (
    <DashboardCard title="Partners by tier" testId="dashboard-tiers">
      <p className="card-text">
        {partners.total === 0
          ? 'No partner organisation has a role yet.'
          : `${pluralise(partners.total, 'partner organisation')}; one with roles in two tiers counts in each.`}
      </p>
      {!governed ? <p className="card-text">Publish a charter to define partner tiers.</p> : null}
      {partners.total > 0 ? (
        <div className="tier-figure">
          <TierDonut figures={figures} />
          <FigureList figures={figures} unit="partner organisations" />
        </div>
      ) : null}
      <Link className="card-link" to="/access/principals">
        Open principals →
      </Link>
    </DashboardCard>
  );
}
