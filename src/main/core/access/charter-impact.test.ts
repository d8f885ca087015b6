import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  grantStatusSchema,
  isoDayNumber,
  type Principal,
  requestOfGrant,
} from '../../../shared/domain/access';
import { type CharterContent, legalBasisSchema } from '../../../shared/domain/charter';
import {
  charterChangeImpact,
  charterVersionImpactSchema,
  formatCharterImpact,
  type ImpactGrant,
  type ImpactInput,
} from '../../../shared/domain/charter-impact';
import { isoDurationDays } from '../../../shared/domain/governance-terms';
import { decideGrant, type PolicyDataset } from '../../../shared/domain/policy';
import { createDataset } from '../catalog/catalog-commands';
import {
  approveCharter,
  createCharterDraft,
  publishCharter,
  saveCharterDraft,
  submitCharter,
} from '../charter/charter-commands';
import { getCharterVersion } from '../charter/charter-queries';
import { loadCharterTemplate } from '../charter/charter-template';
import { sampleDraft } from '../testing/charter-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import type { Workspace } from '../workspace/workspace';
import { addPrincipal, approveGrant, requestGrant } from './access-commands';
import { revokeGrant } from './grant-steps';
import { charterImpactOf, charterImpactOfVersion } from './charter-impact-query';
import { loadLiveGrants } from './live-grants';

const newWorkspace = useTempWorkspace();
const template: CharterContent = loadCharterTemplate();

const TODAY = '2026-03-01';
const now = () => `${TODAY}T09:30:00.000Z`;

function dayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
function addDays(day: string, days: number): string {
  return dayString((isoDayNumber(day) ?? Number.NaN) + days);
}

/** The charter with one category's maximum for one tier set to `level`. */
function withMax(charter: CharterContent, category: string, tier: string, level: string) {
  const content = structuredClone(charter);
  const found = content.categories.find((c) => c.id === category);
  if (!found) throw new Error(`the charter has a ${category} category`);
  found.maxAccess[tier] = level;
  return content;
}

/** Saves `content` as a new draft based on the governing version 1; returns its number. */
function draftVersion(ws: Workspace, content: (base: CharterContent) => CharterContent): number {
  const draft = createCharterDraft(ws, getCharterVersion(ws, 1).version);
  saveCharterDraft(ws, {
    version: draft.version,
    expectedRevision: draft.revision,
    content: content(getCharterVersion(ws, draft.version).content),
  });
  return draft.version;
}

/** Publishes `version`, keeping (accepting) every grant it puts out of bounds. */
function publish(ws: Workspace, version: number): void {
  const step = { version, expectedRevision: getCharterVersion(ws, version).revision };
  submitCharter(ws, step, now);
  const remediations = charterImpactOfVersion(ws, version, TODAY).outOfBounds.map((item) => ({
    grantId: item.grantId,
    action: 'accept' as const,
    justification: 'Kept for the test',
  }));
  approveCharter(ws, { ...step, note: 'Test', remediations }, now);
  publishCharter(ws, step, now);
}

/** Bus positions (operational), Acme analysts (standard tier): an active read grant and more. */
function withGrants(ws: Workspace) {
  const dataset = createDataset(ws, sampleDraft());
  const principal = addPrincipal(
    ws,
    {
      kind: 'partner-role',
      name: 'Acme analysts',
      organisation: 'Acme',
      tier: 'standard',
      legalBases: [],
    },
    now,
  );
  const request = {
    principalId: principal.id,
    datasetId: dataset.id,
    level: 'read',
    purpose: 'dpv:ServiceProvision',
    start: TODAY,
    until: '2026-12-01',
    justification: 'Punctuality analysis',
  };
  const active = approveGrant(ws, { id: requestGrant(ws, request, now).id }, now);
  const pending = requestGrant(ws, request, now);
  const revoked = approveGrant(ws, { id: requestGrant(ws, request, now).id }, now);
  revokeGrant(ws, { id: revoked.id, reason: 'Contract ended' }, now);
  const aggregate = approveGrant(
    ws,
    { id: requestGrant(ws, { ...request, level: 'aggregate' }, now).id },
    now,
  );
  return { active, pending, revoked, aggregate };
}

describe('charterImpactOf reads only the grants a version can touch', () => {
  it('gives the result of judging every live grant, for changes in and out of their terms', () => {
    const ws = newWorkspace();
    withGrants(ws);
    const other = createDataset(ws, sampleDraft({ identifier: 'stops', title: 'Stops' }));
    const beta = addPrincipal(
      ws,
      { kind: 'partner-role', name: 'Beta', organisation: 'Beta', tier: 'pilot', legalBases: [] },
      now,
    );
    requestGrant(
      ws,
      {
        principalId: beta.id,
        datasetId: other.id,
        level: 'aggregate',
        purpose: 'dpv:ResearchAndDevelopment',
        start: TODAY,
        until: '2026-06-01',
        justification: 'Research',
      },
      now,
    );
    const current = getCharterVersion(ws, 1).content;
    const everyGrant = (proposed: CharterContent) =>
      charterChangeImpact({
        grants: loadLiveGrants(ws, TODAY).grants,
        current,
        proposed,
        today: TODAY,
      });
    for (const proposed of [
      withMax(current, 'operational', 'standard', 'aggregate'),
      withMax(current, 'operational', 'pilot', 'none'),
      withMax(current, 'commercial', 'standard', 'none'),
      {
        ...current,
        purposes: current.purposes.filter((p) => p.id !== 'dpv:ResearchAndDevelopment'),
      },
      current,
    ]) {
      expect(charterImpactOf(ws, proposed, TODAY)).toEqual(everyGrant(proposed));
    }
  });
});

describe('charterImpactOfVersion', () => {
  it('lists the grants a tightened maximum puts out of bounds, with the level rule', () => {
    const ws = newWorkspace();
    const { active, pending, revoked, aggregate } = withGrants(ws);
    const version = draftVersion(ws, (c) => withMax(c, 'operational', 'standard', 'aggregate'));

    const impact = charterImpactOfVersion(ws, version, TODAY);
    expect(charterVersionImpactSchema.parse(impact)).toEqual(impact);
    expect(impact).toMatchObject({ version: 2, governingVersion: 1, newlyAllowed: [] });
    // Grants requested in the same millisecond list in id order: compare as a set.
    expect(
      impact.outOfBounds
        .map((item) => [item.grantId, item.status])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ).toEqual(
      [
        [active.id, 'active'],
        [pending.id, 'requested'],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    expect(impact.outOfBounds.flatMap((item) => item.failed.map((r) => r.rule))).toEqual([
      'level.within_tier_maximum',
      'level.within_tier_maximum',
    ]);
    // The aggregate grant stays within the new maximum; the revoked one is not counted at all.
    expect(impact.unchanged).toBe(1);
    const ids = impact.outOfBounds.map((item) => item.grantId);
    expect(ids).not.toContain(revoked.id);
    expect(ids).not.toContain(aggregate.id);

    const text = formatCharterImpact(impact);
    expect(text).toContain(
      'Charter version 2 against the published version 1: 2 grants out of bounds, 0 grants newly allowed, 1 unchanged.',
    );
    expect(text).toContain('[level.within_tier_maximum] Operational data allows the Standard tier');
  });

  it('lists grants a loosened charter allows again once a tighter one governs', () => {
    const ws = newWorkspace();
    const { active } = withGrants(ws);
    publish(
      ws,
      draftVersion(ws, (c) => withMax(c, 'operational', 'standard', 'aggregate')),
    );
    const loosened = draftVersion(ws, (c) => withMax(c, 'operational', 'standard', 'write'));

    const impact = charterImpactOfVersion(ws, loosened, TODAY);
    expect(impact).toMatchObject({ version: 3, governingVersion: 2, outOfBounds: [] });
    expect(impact.newlyAllowed.map((item) => item.grantId)).toContain(active.id);
    expect(impact.newlyAllowed[0]?.failed.map((r) => r.rule)).toEqual([
      'level.within_tier_maximum',
    ]);
  });

  it('ignores grants that expired, and refuses an unknown version', () => {
    const ws = newWorkspace();
    withGrants(ws);
    const version = draftVersion(ws, (c) => withMax(c, 'operational', 'standard', 'aggregate'));
    expect(charterImpactOfVersion(ws, version, '2027-01-01')).toMatchObject({
      outOfBounds: [],
      newlyAllowed: [],
      unchanged: 0,
    });
    expect(thrownCode(() => charterImpactOfVersion(ws, 9, TODAY))).toBe('NOT_FOUND');
  });
});

const acme: Principal = {
  id: 'acme-analysts',
  kind: 'partner-role',
  name: 'Acme analysts',
  organisation: 'Acme',
  tier: 'standard',
  legalBases: [],
};
const busPositions: PolicyDataset = {
  id: 'bus-positions',
  title: 'Bus positions',
  category: 'operational',
  status: 'active',
  pushers: [],
};
const readGrant: ImpactGrant = {
  id: 'g1',
  status: 'requested',
  principalId: acme.id,
  datasetId: busPositions.id,
  level: 'read',
  purpose: 'dpv:ServiceProvision',
  start: TODAY,
  until: addDays(TODAY, 200),
};

describe('charterChangeImpact', () => {
  it('lists a request denied now and allowed under a looser charter, with what failed', () => {
    const strict = withMax(template, 'operational', 'standard', 'aggregate');
    const impact = charterChangeImpact({
      grants: [
        { grant: readGrant, principal: acme, dataset: busPositions },
        {
          grant: { ...readGrant, id: 'g2', level: 'aggregate' },
          principal: acme,
          dataset: busPositions,
        },
        {
          grant: { ...readGrant, id: 'g3', status: 'revoked' },
          principal: acme,
          dataset: busPositions,
        },
      ],
      current: strict,
      proposed: template,
      today: TODAY,
    });
    expect(impact.outOfBounds).toEqual([]);
    expect(impact.newlyAllowed.map((item) => item.grantId)).toEqual(['g1']);
    expect(impact.newlyAllowed[0]?.failed.map((r) => r.rule)).toEqual([
      'level.within_tier_maximum',
    ]);
    expect(impact.unchanged).toBe(1);
  });

  it('newly allows every live grant when no charter governs yet', () => {
    const impact = charterChangeImpact({
      grants: [{ grant: readGrant, principal: acme, dataset: busPositions }],
      current: null,
      proposed: template,
      today: TODAY,
    });
    expect(impact.newlyAllowed[0]?.failed.map((r) => r.rule)).toContain('charter.published');
    expect(formatCharterImpact(impact)).toContain('Out of bounds (allowed now');
  });

  const levelIds = template.accessLevels.map((level) => level.id);
  const tierIds = template.partnerTiers.map((tier) => tier.id);
  const categoryIds = template.categories.map((category) => category.id);
  const purposeIds = template.purposes.map((purpose) => purpose.id);

  const grantsArb: fc.Arbitrary<ImpactInput['grants']> = fc.array(
    fc
      .record({
        tier: fc.constantFrom(...tierIds),
        bases: fc.subarray([...legalBasisSchema.options]),
        category: fc.constantFrom(...categoryIds),
        active: fc.boolean(),
        level: fc.constantFrom(...levelIds),
        purpose: fc.constantFrom(...purposeIds),
        startOffset: fc.integer({ min: -400, max: 60 }),
        length: fc.integer({ min: 1, max: 900 }),
        status: fc.constantFrom(...grantStatusSchema.options),
      })
      .map(({ tier, bases, category, active, level, purpose, startOffset, length, status }) => {
        const start = addDays(TODAY, startOffset);
        return {
          grant: { ...readGrant, level, purpose, status, start, until: addDays(start, length) },
          principal: { ...acme, tier, legalBases: bases },
          dataset: { ...busPositions, category, status: active ? 'active' : 'retired' },
        } satisfies ImpactInput['grants'][number];
      }),
    { maxLength: 30 },
  );

  /** A charter from the template with each category's maxima and longest grant drawn anew. */
  const charterArb: fc.Arbitrary<CharterContent> = fc
    .array(
      fc.record({
        max: fc.array(fc.integer({ min: 0, max: levelIds.length - 1 }), {
          minLength: tierIds.length,
          maxLength: tierIds.length,
        }),
        days: fc.integer({ min: 1, max: 800 }),
      }),
      { minLength: categoryIds.length, maxLength: categoryIds.length },
    )
    .map((drawn) => {
      const content = structuredClone(template);
      content.categories.forEach((category, c) => {
        tierIds.forEach((tier, t) => {
          category.maxAccess[tier] = levelIds[drawn[c]?.max[t] ?? 0] ?? 'none';
        });
        category.maxGrantDuration = `P${drawn[c]?.days ?? 1}D`;
      });
      return content;
    });

  /** Lowers every maximum and shortens every longest grant by a drawn amount (or not at all). */
  function tighten(charter: CharterContent, cuts: number[]): CharterContent {
    const content = structuredClone(charter);
    let next = 0;
    const cut = () => cuts[next++ % Math.max(cuts.length, 1)] ?? 0;
    for (const category of content.categories) {
      for (const tier of tierIds) {
        const index = levelIds.indexOf(category.maxAccess[tier] ?? 'none');
        category.maxAccess[tier] = levelIds[Math.max(0, index - cut())] ?? 'none';
      }
      const days = isoDurationDays(category.maxGrantDuration);
      category.maxGrantDuration = `P${Math.max(1, days - cut() * 30)}D`;
    }
    return content;
  }

  it('reports no change when the proposed charter is the current one', () => {
    fc.assert(
      fc.property(grantsArb, charterArb, (grants, charter) => {
        const impact = charterChangeImpact({
          grants,
          current: charter,
          proposed: structuredClone(charter),
          today: TODAY,
        });
        const live = grants.filter((g) => !['revoked', 'expired'].includes(g.grant.status));
        expect(impact).toEqual({ outOfBounds: [], newlyAllowed: [], unchanged: live.length });
      }),
      { numRuns: 200 },
    );
  });

  /** The check without its shortcut: every live grant judged under both charters. */
  function judgeEveryGrant(input: ImpactInput) {
    const outOfBounds: string[] = [];
    const newlyAllowed: string[] = [];
    let unchanged = 0;
    for (const { grant, principal, dataset } of input.grants) {
      if (grant.status === 'revoked' || grant.status === 'expired') continue;
      const { request, asOf } = requestOfGrant(grant, input.today);
      const verdict = (charter: CharterContent | null) =>
        decideGrant({ request, principal, dataset, charter, today: asOf }).decision;
      const [before, after] = [verdict(input.current), verdict(input.proposed)];
      if (before === after) unchanged += 1;
      else (after === 'deny' ? outOfBounds : newlyAllowed).push(grant.id);
    }
    return { outOfBounds, newlyAllowed, unchanged };
  }

  it('skips only grants whose verdict cannot change: the same result as judging every grant', () => {
    fc.assert(
      fc.property(
        grantsArb.map((grants) =>
          grants.map((entry, i) => ({ ...entry, grant: { ...entry.grant, id: `g-${String(i)}` } })),
        ),
        charterArb,
        charterArb,
        fc.constantFrom('other', 'tightened', 'purpose-dropped', 'tier-renamed'),
        (grants, current, other, change) => {
          const proposed =
            change === 'other'
              ? other
              : change === 'tightened'
                ? tighten(current, [1, 0, 2])
                : structuredClone(current);
          if (change === 'purpose-dropped') proposed.purposes = proposed.purposes.slice(1);
          if (change === 'tier-renamed' && proposed.partnerTiers[0]) {
            proposed.partnerTiers[0] = { ...proposed.partnerTiers[0], id: 'renamed' };
          }
          const input = { grants, current, proposed, today: TODAY };
          const impact = charterChangeImpact(input);
          expect({
            outOfBounds: impact.outOfBounds.map((item) => item.grantId),
            newlyAllowed: impact.newlyAllowed.map((item) => item.grantId),
            unchanged: impact.unchanged,
          }).toEqual(judgeEveryGrant(input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never newly allows anything when the charter is tightened', () => {
    fc.assert(
      fc.property(
        grantsArb,
        charterArb,
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 20 }),
        (grants, charter, cuts) => {
          const impact = charterChangeImpact({
            grants,
            current: charter,
            proposed: tighten(charter, cuts),
            today: TODAY,
          });
          expect(impact.newlyAllowed).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
