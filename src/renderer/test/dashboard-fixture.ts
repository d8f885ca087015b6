import type { DashboardSummary } from '../../shared/domain/dashboard';

/** A workspace with a charter and nothing else yet: what a fresh lead's node shows. */
export function emptyDashboardSummary(): DashboardSummary {
  return {
    today: '2026-03-01',
    charter: { version: 1, title: 'Metro data-sharing charter' },
    grants: {
      expiring: { untilBy: '2026-03-31', count: 0, soonest: [] },
      outOfBounds: 0,
      byStatus: { requested: 0, approved: 0, active: 0, suspended: 0 },
    },
    reviews: { campaigns: [] },
    incidents: { open: 0, escalated: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 } },
    catalog: { total: 0, withFindings: 0, categories: [] },
    partners: { total: 0, tiers: [], noTier: 0 },
  };
}

/** Every figure non-zero, with a category and a tier the charter no longer defines. */
export function busyDashboardSummary(): DashboardSummary {
  return {
    today: '2026-03-01',
    charter: { version: 2, title: 'Metro data-sharing charter' },
    grants: {
      expiring: {
        untilBy: '2026-03-31',
        count: 7,
        soonest: [
          {
            id: 'g-1',
            principalName: 'Acme analysts',
            organisation: 'Acme',
            datasetIdentifier: 'bus-positions',
            until: '2026-03-04',
          },
          {
            id: 'g-2',
            principalName: 'Beta integration',
            organisation: 'Beta',
            datasetIdentifier: 'fare-revenue',
            until: '2026-03-09',
          },
        ],
      },
      outOfBounds: 12,
      byStatus: { requested: 3, approved: 4, active: 120, suspended: 2 },
    },
    reviews: {
      campaigns: [
        {
          id: 'c-late',
          name: 'Acme, winter review',
          dueDay: '2026-02-20',
          status: 'open',
          total: 40,
          decided: 30,
          overdue: 10,
        },
        {
          id: 'c-ok',
          name: 'Personal data, Q1',
          dueDay: '2026-03-20',
          status: 'open',
          total: 8,
          decided: 2,
          overdue: 0,
        },
      ],
    },
    incidents: { open: 2, escalated: 1, bySeverity: { low: 1, medium: 0, high: 1, critical: 1 } },
    catalog: {
      total: 61,
      withFindings: 5,
      categories: [
        {
          id: 'operational',
          name: 'Operational data',
          inCharter: true,
          datasets: 40,
          withFindings: 2,
        },
        {
          id: 'commercial',
          name: 'Commercial data',
          inCharter: true,
          datasets: 15,
          withFindings: 0,
        },
        { id: 'personal', name: 'Personal data', inCharter: true, datasets: 0, withFindings: 0 },
        { id: 'legacy', name: 'legacy', inCharter: false, datasets: 6, withFindings: 3 },
      ],
    },
    partners: {
      total: 9,
      tiers: [
        { id: 'standard', name: 'Standard', inCharter: true, partners: 5 },
        { id: 'strategic', name: 'Strategic', inCharter: true, partners: 2 },
        { id: 'pilot', name: 'pilot', inCharter: false, partners: 1 },
      ],
      noTier: 1,
    },
  };
}
