import { describe, expect, it } from 'vitest';
import type { GrantRequestInput, PrincipalFieldsInput } from '../../../shared/domain/access';
import type { CharterContent } from '../../../shared/domain/charter';
import { dashboardSummarySchema } from '../../../shared/domain/dashboard';
import { addPrincipal, approveGrant, requestGrant } from '../access/access-commands';
import { revokeGrant, suspendGrant } from '../access/grant-steps';
import { createDataset } from '../catalog/catalog-commands';
import {
  approveCharter,
  createCharterDraft,
  publishCharter,
  saveCharterDraft,
  submitCharter,
} from '../charter/charter-commands';
import { getCharterVersion } from '../charter/charter-queries';
import { escalateIncident, recordIncident, resolveIncident } from '../incidents/incident-commands';
import { decideItem, openCampaign } from '../reviews/review-commands';
import { ACCESS_TODAY, accessNow } from '../testing/access-setup';
import { sampleDraft } from '../testing/charter-setup';
import { testSetup, useTempWorkspace } from '../testing/temp-dir';
import type { Workspace } from '../workspace/workspace';
import { addDays } from './grant-figures';
import { dashboardSummary } from './dashboard-summary';

const newWorkspace = useTempWorkspace();
const TODAY = ACCESS_TODAY; // 2026-03-01: "expiring in 30 days" runs to 2026-03-31.

function partner(ws: Workspace, fields: Partial<PrincipalFieldsInput> & { name: string }) {
  return addPrincipal(
    ws,
    { kind: 'partner-role', organisation: 'Acme', tier: 'standard', legalBases: [], ...fields },
    accessNow,
  );
}

/** Requests a grant starting today (or `start`), approved unless `approve` is false. */
function grant(
  ws: Workspace,
  request: Omit<GrantRequestInput, 'purpose' | 'justification' | 'start' | 'level'> & {
    start?: string;
  },
  approve = true,
) {
  const requested = requestGrant(
    ws,
    {
      level: 'read',
      purpose: 'dpv:ServiceProvision',
      start: TODAY,
      justification: 'Dashboard test',
      ...request,
    },
    accessNow,
  );
  return approve ? approveGrant(ws, { id: requested.id }, accessNow) : requested;
}

/**
 * Four datasets over three of the template's four categories; partner roles of four
 * organisations over the three tiers and none, plus an internal role; grants in every live
 * status, one revoked.
 */
function buildEcosystem(ws: Workspace) {
  const stops = createDataset(
    ws,
    sampleDraft({
      identifier: 'stops',
      title: 'Stops',
      category: 'open-reference',
      sensitivity: 'public',
      cadence: { kind: 'periodic', interval: 'daily' },
    }),
  );
  const bus = createDataset(ws, sampleDraft());
  const tram = createDataset(ws, sampleDraft({ identifier: 'tram-positions', title: 'Trams' }));
  createDataset(
    ws,
    sampleDraft({
      identifier: 'fare-revenue',
      title: 'Fare revenue',
      category: 'commercial',
      sensitivity: 'confidential',
      cadence: { kind: 'periodic', interval: 'monthly' },
    }),
  );
  const acme = partner(ws, { name: 'Acme analysts' });
  partner(ws, { name: 'Acme integration', tier: 'strategic' });
  // The same organisation spelt differently still counts once per tier.
  partner(ws, { name: 'Acme reporting', organisation: 'ACME' });
  const beta = partner(ws, { name: 'Beta analysts', organisation: 'Beta' });
  const gamma = partner(ws, { name: 'Gamma pilots', organisation: 'Gamma', tier: 'pilot' });
  partner(ws, { name: 'Delta team', organisation: 'Delta', tier: null });
  addPrincipal(
    ws,
    {
      kind: 'internal-role',
      name: 'Planning',
      organisation: 'Metro Transit',
      tier: 'strategic',
      legalBases: [],
    },
    accessNow,
  );

  const soonest = grant(ws, { principalId: acme.id, datasetId: bus.id, until: '2026-03-10' });
  // Approved, not yet started; ends on the last day of the window.
  const upcoming = grant(ws, {
    principalId: beta.id,
    datasetId: bus.id,
    start: '2026-03-05',
    until: '2026-03-31',
  });
  // One day past the window.
  grant(ws, { principalId: acme.id, datasetId: tram.id, until: '2026-04-01' });
  // A request nobody approved yet is not "expiring", whatever its end day.
  grant(ws, { principalId: beta.id, datasetId: tram.id, until: '2026-03-20' }, false);
  const paused = grant(ws, { principalId: gamma.id, datasetId: stops.id, until: '2026-05-01' });
  suspendGrant(ws, { id: paused.id, reason: 'Incident under review' }, accessNow);
  const gone = grant(ws, { principalId: acme.id, datasetId: stops.id, until: '2026-03-15' });
  revokeGrant(ws, { id: gone.id, reason: 'No longer needed' }, accessNow);
  return { soonest, upcoming };
}

/**
 * Publishes a version 2 that takes the pilot tier and the open-reference category out, lowers
 * what standard partners may do with operational data to aggregates, and keeps operational data
 * only six months (the positions datasets keep a year: a finding each).
 */
function publishTightenedCharter(ws: Workspace) {
  const draft = createCharterDraft(ws, 1);
  const content: CharterContent = structuredClone(getCharterVersion(ws, draft.version).content);
  content.partnerTiers = content.partnerTiers.filter((tier) => tier.id !== 'pilot');
  content.categories = content.categories.filter((c) => c.id !== 'open-reference');
  for (const category of content.categories) {
    delete category.maxAccess.pilot;
    if (category.id === 'operational') {
      category.maxAccess.standard = 'aggregate';
      category.retention = 'P6M';
    }
  }
  saveCharterDraft(ws, { version: draft.version, expectedRevision: draft.revision, content });
  const step = { version: draft.version, expectedRevision: draft.revision + 1 };
  submitCharter(ws, step);
  approveCharter(ws, { ...step, note: 'Tighter' });
  publishCharter(ws, step);
}

describe('dashboardSummary', () => {
  it('counts grants, datasets and partners under the governing charter', () => {
    const ws = newWorkspace();
    const { soonest, upcoming } = buildEcosystem(ws);
    const summary = dashboardSummary(ws, TODAY);
    // What the dashboard.summary channel returns must pass its output schema.
    expect(dashboardSummarySchema.parse(summary)).toEqual(summary);

    expect(summary.today).toBe(TODAY);
    expect(summary.charter).toMatchObject({ version: 1 });
    expect(summary.grants.byStatus).toEqual({
      requested: 1,
      approved: 1,
      active: 2,
      suspended: 1,
    });
    expect(summary.grants.outOfBounds).toBe(0);
    expect(summary.grants.expiring).toEqual({
      untilBy: '2026-03-31',
      count: 2,
      soonest: [
        {
          id: soonest.id,
          principalName: 'Acme analysts',
          organisation: 'Acme',
          datasetIdentifier: 'bus-positions',
          until: '2026-03-10',
        },
        {
          id: upcoming.id,
          principalName: 'Beta analysts',
          organisation: 'Beta',
          datasetIdentifier: 'bus-positions',
          until: '2026-03-31',
        },
      ],
    });

    expect(summary.catalog).toEqual({
      total: 4,
      withFindings: 0,
      categories: [
        {
          id: 'open-reference',
          name: 'Open reference data',
          inCharter: true,
          datasets: 1,
          withFindings: 0,
        },
        {
          id: 'operational',
          name: 'Operational data',
          inCharter: true,
          datasets: 2,
          withFindings: 0,
        },
        {
          id: 'commercial',
          name: 'Commercial data',
          inCharter: true,
          datasets: 1,
          withFindings: 0,
        },
        { id: 'personal', name: 'Personal data', inCharter: true, datasets: 0, withFindings: 0 },
      ],
    });

    expect(summary.partners).toEqual({
      total: 4,
      tiers: [
        { id: 'pilot', name: 'Pilot', inCharter: true, partners: 1 },
        { id: 'standard', name: 'Standard', inCharter: true, partners: 2 },
        { id: 'strategic', name: 'Strategic', inCharter: true, partners: 1 },
      ],
      noTier: 1,
    });
  });

  it('follows the day: grants that ran out leave the live counts and the window moves', () => {
    const ws = newWorkspace();
    const { upcoming } = buildEcosystem(ws);
    const later = dashboardSummary(ws, '2026-03-12');
    // The 03-10 grant expired; the one starting 03-05 is active now; the request still waits.
    expect(later.grants.byStatus).toEqual({ requested: 1, approved: 0, active: 2, suspended: 1 });
    expect(later.grants.expiring.untilBy).toBe('2026-04-11');
    expect(later.grants.expiring.count).toBe(2);
    expect(later.grants.expiring.soonest.map((g) => g.id)[0]).toBe(upcoming.id);
  });

  it('shows what a tightened charter puts out of bounds, and ids it no longer defines', () => {
    const ws = newWorkspace();
    buildEcosystem(ws);
    publishTightenedCharter(ws);
    const summary = dashboardSummary(ws, TODAY);
    expect(summary.charter).toMatchObject({ version: 2 });
    // Four standard-tier reads of operational data, and the pilot's (suspended) grant.
    expect(summary.grants.outOfBounds).toBe(5);
    expect(summary.catalog.withFindings).toBe(3);
    expect(
      summary.catalog.categories.map((c) => [c.id, c.inCharter, c.datasets, c.withFindings]),
    ).toEqual([
      ['operational', true, 2, 2],
      ['commercial', true, 1, 0],
      ['personal', true, 0, 0],
      ['open-reference', false, 1, 1],
    ]);
    expect(summary.partners.tiers).toEqual([
      { id: 'standard', name: 'Standard', inCharter: true, partners: 2 },
      { id: 'strategic', name: 'Strategic', inCharter: true, partners: 1 },
      { id: 'pilot', name: 'pilot', inCharter: false, partners: 1 },
    ]);
  });

  it('follows open review campaigns and unresolved incidents', () => {
    const ws = newWorkspace();
    const { upcoming } = buildEcosystem(ws);
    const campaign = openCampaign(
      ws,
      {
        name: 'Beta, first quarter',
        scope: { kind: 'partner', value: 'Beta' },
        dueDay: '2026-03-05',
        reviewers: ['Ada Lovelace'],
      },
      accessNow,
    );
    decideItem(
      ws,
      { campaignId: campaign.id, grantId: upcoming.id, decision: 'keep', justification: 'Needed' },
      accessNow,
    );
    const incident = (severity: 'low' | 'medium' | 'high', title: string) =>
      recordIncident(
        ws,
        { subject: { kind: 'partner', ref: 'Acme' }, severity, title, description: title },
        accessNow,
      );
    incident('low', 'Late notice');
    const leak = incident('medium', 'Extract shared');
    escalateIncident(ws, { id: leak.id, to: 'CISO', note: 'Wider', severity: 'high' }, accessNow);
    const fixed = incident('high', 'Wrong key');
    resolveIncident(ws, { id: fixed.id, resolution: 'Rotated' }, accessNow);

    const onTime = dashboardSummary(ws, TODAY);
    expect(onTime.reviews.campaigns).toEqual([
      {
        id: campaign.id,
        name: 'Beta, first quarter',
        dueDay: '2026-03-05',
        status: 'open',
        total: 2,
        decided: 1,
        overdue: 0,
      },
    ]);
    expect(onTime.incidents).toEqual({
      open: 1,
      escalated: 1,
      bySeverity: { low: 1, medium: 0, high: 1, critical: 0 },
    });
    // Past the due day, the undecided item is overdue.
    expect(dashboardSummary(ws, '2026-03-06').reviews.campaigns[0]?.overdue).toBe(1);
  });

  it('is all zeros in a workspace without a charter', () => {
    const ws = newWorkspace({ ...testSetup, roles: ['steward'] });
    const summary = dashboardSummary(ws, TODAY);
    expect(summary.charter).toBeNull();
    expect(summary.grants).toEqual({
      expiring: { untilBy: '2026-03-31', count: 0, soonest: [] },
      outOfBounds: 0,
      byStatus: { requested: 0, approved: 0, active: 0, suspended: 0 },
    });
    expect(summary.catalog).toEqual({ total: 0, withFindings: 0, categories: [] });
    expect(summary.partners).toEqual({ total: 0, tiers: [], noTier: 0 });
    expect(summary.reviews).toEqual({ campaigns: [] });
    expect(summary.incidents).toEqual({
      open: 0,
      escalated: 0,
      bySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
    });
  });
});

describe('addDays', () => {
  it('crosses months and leap days', () => {
    expect(addDays('2026-03-01', 30)).toBe('2026-03-31');
    expect(addDays('2028-02-15', 30)).toBe('2028-03-16');
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
  });
});
