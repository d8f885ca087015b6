import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { getGrant } from '../access/access-queries';
import { grantDetail } from '../access/grant-history';
import { revokeGrant } from '../access/grant-steps';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { addMember } from '../members/member-commands';
import { OPENED, openedAt, setUpReviewEcosystem as setUpEcosystem } from '../testing/review-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import type { Workspace } from '../workspace/workspace';
import { closeCampaign, decideItem, openCampaign } from './review-commands';
import {
  getCampaign,
  getCampaignItemDetail,
  itemPageQuery,
  listCampaignItems,
  listCampaigns,
  reviewProgressSummary,
} from './review-queries';

const newWorkspace = useTempWorkspace();

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function itemGrantIds(ws: Workspace, campaignId: string): string[] {
  return listCampaignItems(ws, { campaignId, limit: 500 }).rows.map((item) => item.grantId);
}

function open(ws: Workspace, overrides: Partial<Parameters<typeof openCampaign>[1]> = {}) {
  return openCampaign(
    ws,
    {
      name: 'Q1 access review',
      scope: { kind: 'all' },
      dueDay: '2026-03-31',
      reviewers: ['Ada Lovelace'],
      ...overrides,
    },
    openedAt,
  );
}

describe('opening a campaign', () => {
  it('lists exactly the grants live in its scope on the day it opens, in reading order', () => {
    const ws = newWorkspace();
    const { grants } = setUpEcosystem(ws);
    const all = open(ws);
    expect(all).toMatchObject({
      status: 'open',
      asOfDay: OPENED,
      scopeLabel: 'All grants',
      reviewers: ['Ada Lovelace'],
      progress: { total: 4, decided: 0, undecided: 4, overdue: 0 },
    });
    // Organisation, principal, dataset: Acme's buses and stops, then Beta's.
    expect(itemGrantIds(ws, all.id)).toEqual([
      grants.acmeBuses,
      grants.acmeStops,
      grants.betaBuses,
      grants.betaPending,
    ]);
    const acme = open(ws, { scope: { kind: 'partner', value: 'acme' } });
    expect(acme.scope).toEqual({ kind: 'partner', value: 'Acme' });
    expect(itemGrantIds(ws, acme.id)).toEqual([grants.acmeBuses, grants.acmeStops]);
    const operational = open(ws, { scope: { kind: 'category', value: 'operational' } });
    expect(operational.scopeLabel).toContain('data');
    expect(itemGrantIds(ws, operational.id)).toEqual([grants.acmeBuses, grants.betaBuses]);

    // The item keeps the grant's terms as reviewed, with names to read them by.
    const first = listCampaignItems(ws, { campaignId: acme.id, limit: 1 }).rows[0];
    expect(first).toMatchObject({
      position: 1,
      principalName: 'Acme analysts',
      organisation: 'Acme',
      datasetIdentifier: 'bus-positions',
      level: 'read',
      until: '2026-12-01',
      decision: null,
    });
    // The event carries the scope and the day, not the grant ids.
    const payload = ws.sqlite
      .prepare("SELECT bytes FROM ledger_entry WHERE type = 'review.opened' ORDER BY seq LIMIT 1")
      .pluck()
      .get() as Buffer;
    expect(payload.toString()).not.toContain(grants.acmeBuses);
    expect((JSON.parse(payload.toString()) as { payload: unknown }).payload).toMatchObject({
      day: OPENED,
      grants: 4,
    });
  });

  it('refuses an empty scope, an unknown partner, a past due day and unfit reviewers', () => {
    const ws = newWorkspace();
    setUpEcosystem(ws);
    addMember(ws, { name: 'Eve', roles: ['auditor'] });
    const size = ws.ledger.size;
    const empty = thrown(() => open(ws, { scope: { kind: 'category', value: 'personal' } }));
    expect(empty.code).toBe('INVALID_INPUT');
    expect(empty.message).toContain('nothing to review');
    expect(
      thrown(() => open(ws, { scope: { kind: 'partner', value: 'Gamma' } })).message,
    ).toContain('Acme, Beta');
    expect(thrown(() => open(ws, { dueDay: '2026-03-09' })).issues?.[0]?.path).toBe('dueDay');
    const reviewers = thrown(() => open(ws, { reviewers: ['Eve', 'Nobody'] }));
    expect(reviewers.code).toBe('INVALID_INPUT');
    expect(reviewers.message).toContain('Eve holds Auditor');
    expect(reviewers.message).toContain('Nobody is not a member');
    expect(ws.ledger.size).toBe(size);
  });

  it('is for governance leads only', () => {
    const ws = newWorkspace();
    setUpEcosystem(ws);
    const bo = addMember(ws, { name: 'Bo', roles: ['steward'] });
    ws.actAs(bo.id);
    const error = thrown(() => open(ws));
    expect(error.code).toBe('FORBIDDEN_ROLE');
    expect(error.message).toContain('Governance lead');
  });
});

describe('deciding items', () => {
  it('keeps, revokes through the grant steps, and narrows, each with a justification', () => {
    const ws = newWorkspace();
    const { grants } = setUpEcosystem(ws);
    const campaign = open(ws);
    const decide = (grantId: string, decision: 'keep' | 'revoke', justification = 'Checked') =>
      decideItem(ws, { campaignId: campaign.id, grantId, decision, justification }, openedAt);

    expect(
      thrownCode(() =>
        decideItem(
          ws,
          {
            campaignId: campaign.id,
            grantId: grants.acmeBuses,
            decision: 'keep',
            justification: ' ',
          },
          openedAt,
        ),
      ),
    ).toBe('INVALID_INPUT');

    expect(decide(grants.acmeBuses, 'keep', 'Still needed for punctuality')).toMatchObject({
      decision: 'keep',
      justification: 'Still needed for punctuality',
      decided: { by: 'Ada Lovelace', at: openedAt() },
    });
    expect(getGrant(ws, grants.acmeBuses, OPENED).status).toBe('active');

    decide(grants.betaBuses, 'revoke', 'Beta left the programme');
    const revoked = grantDetail(ws, grants.betaBuses);
    expect(revoked.grant.status).toBe('revoked');
    expect(revoked.history.at(-1)).toMatchObject({
      kind: 'revoked',
      reason: 'Beta left the programme',
      source: { kind: 'review', id: campaign.id },
    });

    const narrowed = decideItem(
      ws,
      {
        campaignId: campaign.id,
        grantId: grants.acmeStops,
        decision: 'narrow',
        level: 'aggregate',
        until: '2026-06-01',
        justification: 'Aggregates suffice',
      },
      openedAt,
    );
    expect(narrowed.narrowed).toEqual({ level: 'aggregate', until: '2026-06-01' });
    expect(getGrant(ws, grants.acmeStops, OPENED)).toMatchObject({
      level: 'aggregate',
      until: '2026-06-01',
    });
    expect(grantDetail(ws, grants.acmeStops).history.at(-1)?.source).toEqual({
      kind: 'review',
      id: campaign.id,
    });

    // Keep can be changed (here to revoke); revoke and narrow cannot.
    expect(decide(grants.acmeBuses, 'revoke', 'On second thought').decision).toBe('revoke');
    expect(getGrant(ws, grants.acmeBuses, OPENED).status).toBe('revoked');
    const size = ws.ledger.size;
    const undo = thrown(() => decide(grants.betaBuses, 'keep'));
    expect(undo.code).toBe('CONFLICT');
    expect(undo.message).toContain('cannot be undone');
    expect(thrownCode(() => decide(grants.acmeStops, 'keep'))).toBe('CONFLICT');
    expect(ws.ledger.size).toBe(size);

    const progress = getCampaign(ws, campaign.id, OPENED).progress;
    expect(progress).toMatchObject({
      total: 4,
      decided: 3,
      undecided: 1,
      byDecision: { keep: 0, revoke: 2, narrow: 1 },
    });
    const detail = getCampaignItemDetail(ws, campaign.id, grants.acmeStops, OPENED);
    expect(detail.item.level).toBe('read');
    expect(detail.grant?.level).toBe('aggregate');
  });

  it('confirms a grant revoked elsewhere meanwhile, and will not keep it', () => {
    const ws = newWorkspace();
    const { grants } = setUpEcosystem(ws);
    const campaign = open(ws);
    revokeGrant(ws, { id: grants.betaBuses, reason: 'Incident' }, openedAt);
    const input = { campaignId: campaign.id, grantId: grants.betaBuses, justification: 'Gone' };
    expect(thrownCode(() => decideItem(ws, { ...input, decision: 'keep' }, openedAt))).toBe(
      'CONFLICT',
    );
    expect(decideItem(ws, { ...input, decision: 'revoke' }, openedAt).decision).toBe('revoke');
    // Revoked once: the review added no second revocation.
    const steps = grantDetail(ws, grants.betaBuses).history.filter((s) => s.kind === 'revoked');
    expect(steps).toHaveLength(1);
  });

  it("refuses anyone but the campaign's reviewers, and writes nothing", () => {
    const ws = newWorkspace();
    const { grants } = setUpEcosystem(ws);
    const campaign = open(ws);
    const bo = addMember(ws, { name: 'Bo', roles: ['steward'] });
    const eve = addMember(ws, { name: 'Eve', roles: ['auditor'] });
    const size = ws.ledger.size;
    const input = {
      campaignId: campaign.id,
      grantId: grants.betaBuses,
      decision: 'revoke' as const,
      justification: 'Not mine to decide',
    };
    ws.actAs(bo.id);
    const error = thrown(() => decideItem(ws, input, openedAt));
    expect(error.code).toBe('FORBIDDEN_ROLE');
    expect(error.message).toContain('Ada Lovelace');
    expect(error.message).toContain('Bo is not one of them');
    ws.actAs(eve.id);
    expect(thrown(() => decideItem(ws, input, openedAt)).message).toContain('Data steward');
    expect(ws.ledger.size).toBe(size);
    expect(getGrant(ws, grants.betaBuses, OPENED).status).toBe('active');
    expect(getCampaign(ws, campaign.id, OPENED).progress.decided).toBe(0);
  });
});

describe('closing and progress', () => {
  it('refuses to close while items are undecided, then closes and freezes decisions', () => {
    const ws = newWorkspace();
    const { grants } = setUpEcosystem(ws);
    const campaign = open(ws, { scope: { kind: 'partner', value: 'Acme' } });
    decideItem(
      ws,
      { campaignId: campaign.id, grantId: grants.acmeBuses, decision: 'keep', justification: 'Ok' },
      openedAt,
    );
    const early = thrown(() => closeCampaign(ws, { id: campaign.id }, openedAt));
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toContain('1 undecided item');

    const bo = addMember(ws, { name: 'Bo', roles: ['steward'] });
    const ada = ws.actor;
    decideItem(
      ws,
      { campaignId: campaign.id, grantId: grants.acmeStops, decision: 'keep', justification: 'Ok' },
      openedAt,
    );
    ws.actAs(bo.id);
    expect(thrownCode(() => closeCampaign(ws, { id: campaign.id }, openedAt))).toBe(
      'FORBIDDEN_ROLE',
    );
    ws.actAs(ada.id);
    expect(thrownCode(() => closeCampaign(ws, { id: campaign.id, expectedVersion: 2 }))).toBe(
      'CONFLICT',
    );
    const closed = closeCampaign(ws, { id: campaign.id, expectedVersion: 1 }, openedAt);
    expect(closed).toMatchObject({
      status: 'closed',
      version: 2,
      closed: { by: 'Ada Lovelace' },
      progress: { decided: 2, undecided: 0 },
    });
    const late = thrown(() =>
      decideItem(
        ws,
        {
          campaignId: campaign.id,
          grantId: grants.acmeBuses,
          decision: 'revoke',
          justification: 'Too late',
        },
        openedAt,
      ),
    );
    expect(late.code).toBe('CONFLICT');
    expect(late.message).toContain('final');
  });

  it('counts overdue items once the due day has passed, and summarises for the dashboard', () => {
    const ws = newWorkspace();
    const { grants } = setUpEcosystem(ws);
    const campaign = open(ws, { dueDay: '2026-03-15' });
    decideItem(
      ws,
      { campaignId: campaign.id, grantId: grants.acmeBuses, decision: 'keep', justification: 'Ok' },
      openedAt,
    );
    expect(listCampaigns(ws, '2026-03-15').campaigns[0]?.progress.overdue).toBe(0);
    expect(listCampaigns(ws, '2026-03-16').campaigns[0]?.progress.overdue).toBe(3);
    expect(reviewProgressSummary(ws, '2026-03-16')).toEqual({
      campaigns: [
        {
          id: campaign.id,
          name: 'Q1 access review',
          dueDay: '2026-03-15',
          status: 'open',
          total: 4,
          decided: 1,
          overdue: 3,
        },
      ],
    });
  });

  it('pages items by decision state, decision and words', () => {
    const ws = newWorkspace();
    const { grants } = setUpEcosystem(ws);
    const campaign = open(ws);
    decideItem(
      ws,
      { campaignId: campaign.id, grantId: grants.betaBuses, decision: 'keep', justification: 'Ok' },
      openedAt,
    );
    const page = (query: Omit<Parameters<typeof listCampaignItems>[1], 'campaignId'>) =>
      listCampaignItems(ws, { campaignId: campaign.id, ...query });
    expect(page({ state: 'decided' }).rows.map((i) => i.grantId)).toEqual([grants.betaBuses]);
    expect(page({ state: 'undecided' }).total).toBe(3);
    expect(page({ decision: 'revoke' }).total).toBe(0);
    expect(page({ search: 'beta' }).rows.map((i) => i.grantId)).toEqual([
      grants.betaBuses,
      grants.betaPending,
    ]);
    expect(page({ search: 'acme stops' }).rows.map((i) => i.grantId)).toEqual([grants.acmeStops]);
    expect(page({ search: '100%' }).total).toBe(0);
    const second = page({ offset: 1, limit: 2 });
    expect(second).toMatchObject({ total: 4, offset: 1 });
    expect(second.rows.map((i) => i.position)).toEqual([2, 3]);
    expect(thrownCode(() => listCampaignItems(ws, { campaignId: 'nope' }))).toBe('NOT_FOUND');
  });

  it('pages undecided items along an index, without sorting them', () => {
    const ws = newWorkspace();
    const compiled = itemPageQuery({
      campaignId: 'c',
      state: 'undecided',
      offset: 0,
      limit: 100,
    }).compile();
    const plan = ws.sqlite
      .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
      .all(...compiled.parameters) as { detail: string }[];
    const details = plan.map((row) => row.detail).join('\n');
    expect(details).toMatch(/SEARCH i USING (PRIMARY KEY|INDEX review_item_decision)/);
    expect(details).not.toContain('TEMP B-TREE');
  });
});

describe('replay', () => {
  it('rebuilds the same items from the ledger: deep verification passes', () => {
    const ws = newWorkspace();
    const { grants } = setUpEcosystem(ws);
    const first = open(ws);
    // Grants change after the first campaign opened; a replay must list what was live then.
    decideItem(
      ws,
      {
        campaignId: first.id,
        grantId: grants.betaBuses,
        decision: 'revoke',
        justification: 'Ended',
      },
      openedAt,
    );
    decideItem(
      ws,
      {
        campaignId: first.id,
        grantId: grants.acmeStops,
        decision: 'narrow',
        level: 'aggregate',
        until: '2026-06-01',
        justification: 'Less',
      },
      openedAt,
    );
    const second = open(ws, { name: 'Follow-up' });
    expect(second.progress.total).toBe(3);
    const report = verifyWorkspace(ws, { deep: true });
    expect(report.ok).toBe(true);
    const entities = ws.sqlite
      .prepare("SELECT DISTINCT entity FROM ledger_entry WHERE type LIKE 'review.%' ORDER BY seq")
      .pluck()
      .all();
    expect(entities).toEqual([`review:${first.id}`, `review:${second.id}`]);
  });
});
