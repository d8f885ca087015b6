import type { DashboardSummary } from '../../../shared/domain/dashboard';
import { getGoverningCharter } from '../charter/charter-queries';
import { openIncidentSummary } from '../incidents/incident-queries';
import { reviewProgressSummary } from '../reviews/review-queries';
import type { Workspace } from '../workspace/workspace';
import { catalogFigures } from './catalog-figures';
import { grantFigures } from './grant-figures';
import { partnerFigures } from './partner-figures';

const summaryCache = new WeakMap<Workspace, { key: string; summary: DashboardSummary }>();

/**
 * The figures a governance lead opens the app for, on `today` (YYYY-MM-DD). Each is counted in
 * SQL, except the two that need the rules in JavaScript (grants out of charter bounds, datasets
 * with findings), which are kept per ledger size. Every figure follows from the ledger and the
 * day, and every change appends to the ledger, so the whole summary is kept until either moves:
 * the dashboard refetches on every change event, from every open window.
 */
export function dashboardSummary(ws: Workspace, today: string): DashboardSummary {
  const key = `${String(ws.ledger.size)}:${today}`;
  const cached = summaryCache.get(ws);
  if (cached?.key === key) return cached.summary;
  const summary = computeSummary(ws, today);
  summaryCache.set(ws, { key, summary });
  return summary;
}

function computeSummary(ws: Workspace, today: string): DashboardSummary {
  const governing = getGoverningCharter(ws);
  const charter = governing?.content ?? null;
  return {
    today,
    charter: governing && { version: governing.version, title: governing.content.title },
    grants: grantFigures(ws, today),
    // Closed campaigns pile up over the years; the dashboard follows the open ones.
    reviews: {
      campaigns: reviewProgressSummary(ws, today).campaigns.filter(
        (campaign) => campaign.status === 'open',
      ),
    },
    incidents: openIncidentSummary(ws),
    catalog: catalogFigures(ws, charter),
    partners: partnerFigures(ws, charter),
  };
}
