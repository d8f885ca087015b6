import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isoDayNumber,
  policyDecisionSchema,
  policyRuleSchema,
  type GrantRequest,
  type PolicyDecision,
  type PolicyRule,
  type Principal,
} from '../../../shared/domain/access';
import {
  charterContentSchema,
  legalBasisSchema,
  type CharterContent,
  type DataCategory,
} from '../../../shared/domain/charter';
import { isoDurationDays } from '../../../shared/domain/governance-terms';
import {
  decideGrant,
  isWriteLevel,
  type PolicyDataset,
  type PolicyInput,
} from '../../../shared/domain/policy';
import { loadCharterTemplate } from '../charter/charter-template';

const template: CharterContent = loadCharterTemplate();
const TODAY = '2026-03-01';
const RUNS = 500;

function dayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
function addDays(day: string, days: number): string {
  return dayString((isoDayNumber(day) ?? Number.NaN) + days);
}

const acmeAnalysts: Principal = {
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
const readRequest: GrantRequest = {
  principalId: 'acme-analysts',
  datasetId: 'bus-positions',
  level: 'read',
  purpose: 'dpv:ServiceProvision',
  start: TODAY,
  until: addDays(TODAY, 300),
  justification: 'Punctuality analysis',
};

function decide(
  overrides: {
    request?: Partial<GrantRequest>;
    principal?: Partial<Principal>;
    dataset?: Partial<PolicyDataset>;
    charter?: CharterContent | null;
    today?: string;
  } = {},
): PolicyDecision {
  return decideGrant({
    request: { ...readRequest, ...overrides.request },
    principal: { ...acmeAnalysts, ...overrides.principal },
    dataset: { ...busPositions, ...overrides.dataset },
    charter: overrides.charter === undefined ? template : overrides.charter,
    today: overrides.today ?? TODAY,
  });
}

function reason(decision: PolicyDecision, rule: PolicyRule) {
  const found = decision.reasons.find((candidate) => candidate.rule === rule);
  if (!found) throw new Error(`no reason for ${rule}`);
  return found;
}
function failed(decision: PolicyDecision): PolicyRule[] {
  return decision.reasons.filter((r) => r.outcome === 'fail').map((r) => r.rule);
}

/** A copy of the template with one category changed. */
function withCategory(id: string, change: Partial<DataCategory>): CharterContent {
  return {
    ...template,
    categories: template.categories.map((category) =>
      category.id === id ? { ...category, ...change } : category,
    ),
  };
}

describe('decideGrant', () => {
  it('allows a request inside the charter and lists every check, passed, in a fixed order', () => {
    const decision = decide();
    expect(decision.decision).toBe('allow');
    expect(decision.reasons.map((r) => r.rule)).toEqual(policyRuleSchema.options);
    expect(failed(decision)).toEqual([]);
    expect(policyDecisionSchema.parse(decision)).toEqual(decision);
    expect(reason(decision, 'term.known').message).toBe(
      'The charter defines the category Operational data, the level Read, the purpose Service provision and the tier Standard.',
    );
    expect(reason(decision, 'level.within_tier_maximum').message).toBe(
      'Read is within Read, the most Operational data allows the Standard tier.',
    );
  });

  it('denies everything when no charter is published', () => {
    const decision = decide({ charter: null });
    expect(decision.decision).toBe('deny');
    expect(decision.reasons.map((r) => r.rule)).toEqual(policyRuleSchema.options);
    expect(reason(decision, 'charter.published')).toMatchObject({
      outcome: 'fail',
      field: 'charter',
      message: 'No charter is published, so nothing can be granted yet.',
    });
    expect(reason(decision, 'purpose.permitted').message).toBe(
      'Cannot be checked without a published charter.',
    );
    // Checks that need no charter still say what they found.
    expect(reason(decision, 'dataset.active').outcome).toBe('pass');
  });

  describe('unknown terms fail closed', () => {
    it.each([
      ['category', { dataset: { category: 'telemetry' } }, '"telemetry" is not a data category'],
      ['level', { request: { level: 'export' } }, '"export" is not an access level'],
      ['purpose', { request: { purpose: 'dpv:Profiling' } }, '"dpv:Profiling" is not a purpose'],
      ['tier', { principal: { tier: 'gold' } }, '"gold" is not a partner tier'],
      [
        'principal id',
        { request: { principalId: 'someone-else' } },
        'names principal "someone-else"',
      ],
      ['dataset id', { request: { datasetId: 'other' } }, 'names dataset "other"'],
    ] as const)('an unknown %s', (_what, overrides, message) => {
      const decision = decide(overrides);
      expect(decision.decision).toBe('deny');
      expect(reason(decision, 'term.known').outcome).toBe('fail');
      expect(reason(decision, 'term.known').message).toContain(message);
    });

    it('names a dataset without a category', () => {
      const decision = decide({ dataset: { category: '' } });
      expect(reason(decision, 'term.known').message).toBe('Bus positions has no data category.');
      expect(reason(decision, 'term.known').field).toBe('dataset');
    });

    it('lists every unknown term, and fails the checks that need them', () => {
      const decision = decide({ request: { level: 'export', purpose: 'dpv:Profiling' } });
      const known = reason(decision, 'term.known');
      expect(known.field).toBe('level');
      expect(known.message).toContain('"export"');
      expect(known.message).toContain('"dpv:Profiling"');
      expect(failed(decision)).toEqual([
        'term.known',
        'level.grants_access',
        'level.within_tier_maximum',
        'write.pusher_only',
        'purpose.permitted',
        'purpose.not_prohibited',
      ]);
      expect(reason(decision, 'purpose.permitted').message).toBe(
        'Cannot be checked: the category or purpose is not in the charter.',
      );
    });

    it('refuses a category with no maximum for the tier (a charter that slipped past the schema)', () => {
      const broken = withCategory('operational', { maxAccess: { pilot: 'read' } });
      const decision = decide({ charter: broken });
      expect(decision.decision).toBe('deny');
      expect(reason(decision, 'term.known').message).toBe(
        'Operational data sets no known maximum level for the Standard tier.',
      );
    });
  });

  describe('principals and tiers', () => {
    it('refuses a principal without a tier, internal roles included', () => {
      const decision = decide({
        principal: { kind: 'internal-role', name: 'Planning team', tier: null },
      });
      expect(decision.decision).toBe('deny');
      expect(reason(decision, 'principal.tier_assigned')).toMatchObject({
        outcome: 'fail',
        message:
          'Planning team (internal role) has no partner tier; the charter sets its maxima per tier, so assign one first.',
      });
      expect(reason(decision, 'level.within_tier_maximum').outcome).toBe('fail');
    });

    it('governs an internal role with a tier like any partner', () => {
      const decision = decide({
        principal: { kind: 'internal-role', name: 'Planning team', tier: 'strategic' },
      });
      expect(decision.decision).toBe('allow');
      expect(reason(decision, 'principal.tier_assigned').message).toBe(
        'Planning team is in the Strategic tier.',
      );
    });
  });

  describe('access level', () => {
    it('refuses the lowest level: it grants nothing', () => {
      const decision = decide({ request: { level: 'none' } });
      expect(failed(decision)).toEqual(['level.grants_access']);
      expect(reason(decision, 'level.grants_access').message).toBe(
        'None gives no access; ask for a level above it.',
      );
    });

    it("refuses a level above the category's maximum for the tier, naming both", () => {
      const decision = decide({ principal: { tier: 'pilot' } });
      expect(failed(decision)).toEqual(['level.within_tier_maximum']);
      expect(reason(decision, 'level.within_tier_maximum').message).toBe(
        'Operational data allows the Pilot tier at most Aggregate; Read is above it.',
      );
    });

    it('allows a level below the maximum', () => {
      const decision = decide({ principal: { tier: 'pilot' }, request: { level: 'aggregate' } });
      expect(decision.decision).toBe('allow');
    });
  });

  describe('write access', () => {
    const strategic = { principal: { tier: 'strategic' } };

    it('allows write to a principal the dataset lets push (organisation, any case)', () => {
      const decision = decide({
        ...strategic,
        request: { level: 'write' },
        dataset: { pushers: ['Metro Transit', ' acme'] },
      });
      expect(decision.decision).toBe('allow');
      expect(reason(decision, 'write.pusher_only').message).toBe(
        'Write changes the dataset, and Acme may push to Bus positions.',
      );
    });

    it('matches the role name too', () => {
      const decision = decide({
        ...strategic,
        request: { level: 'write' },
        dataset: { pushers: ['Acme analysts'] },
      });
      expect(reason(decision, 'write.pusher_only').outcome).toBe('pass');
    });

    it('refuses write to anyone else, naming who may push', () => {
      const decision = decide({
        ...strategic,
        request: { level: 'write' },
        dataset: { pushers: ['Metro Transit'] },
      });
      expect(failed(decision)).toEqual(['write.pusher_only']);
      expect(reason(decision, 'write.pusher_only').message).toBe(
        'Write changes the dataset; only Metro Transit may push to Bus positions, not Acme analysts of Acme.',
      );
      const nobody = decide({ ...strategic, request: { level: 'write' } });
      expect(reason(nobody, 'write.pusher_only').message).toBe(
        'Write changes the dataset, and no one may push to Bus positions.',
      );
    });

    it('treats write, admin and every level ranked at or above them as writing', () => {
      const levels = (...ids: string[]) => ({
        accessLevels: ids.map((id) => ({ id, name: id, description: '' })),
      });
      const charter = levels('none', 'read', 'write', 'publish');
      expect(isWriteLevel('read', charter)).toBe(false);
      expect(isWriteLevel('write', charter)).toBe(true);
      expect(isWriteLevel('publish', charter)).toBe(true);
      expect(isWriteLevel('admin', levels('none', 'read'))).toBe(true);
      expect(isWriteLevel('owner', levels('none', 'read', 'admin', 'owner'))).toBe(true);
      expect(isWriteLevel('export', levels('none', 'read', 'export'))).toBe(false);
      expect(isWriteLevel('unknown', charter)).toBe(false);
    });

    it('says a read-only level changes nothing', () => {
      expect(reason(decide(), 'write.pusher_only')).toMatchObject({
        outcome: 'pass',
        message: 'Read does not change the dataset.',
      });
    });
  });

  describe('purpose', () => {
    it('refuses a purpose the category does not permit, listing the permitted ones', () => {
      const decision = decide({ request: { purpose: 'dpv:LegalCompliance' } });
      expect(failed(decision)).toEqual(['purpose.permitted']);
      expect(reason(decision, 'purpose.permitted').message).toBe(
        'Operational data does not permit Legal compliance; it permits Service provision, Service optimisation, Research and development, Security.',
      );
      expect(reason(decision, 'purpose.not_prohibited').outcome).toBe('pass');
    });

    it('refuses a prohibited purpose', () => {
      const decision = decide({ request: { purpose: 'dpv:Marketing' } });
      expect(failed(decision)).toEqual(['purpose.permitted', 'purpose.not_prohibited']);
      expect(reason(decision, 'purpose.not_prohibited').message).toBe(
        'Operational data prohibits Marketing.',
      );
    });
  });

  describe('validity and duration', () => {
    it('allows a grant starting today and lasting exactly the maximum', () => {
      const decision = decide({ request: { until: addDays(TODAY, 365) } });
      expect(decision.decision).toBe('allow');
      expect(reason(decision, 'validity.start_not_past').message).toBe(
        'It starts on 2026-03-01, today.',
      );
      expect(reason(decision, 'duration.within_maximum').message).toBe(
        '365 days is within 1 year (365 days), the longest Operational data allows.',
      );
    });

    it('refuses a grant one day longer than the maximum', () => {
      const decision = decide({ request: { until: addDays(TODAY, 366) } });
      expect(failed(decision)).toEqual(['duration.within_maximum']);
      expect(reason(decision, 'duration.within_maximum').message).toBe(
        'It would last 366 days; Operational data allows at most 1 year (365 days).',
      );
    });

    it('counts a month as 30 days', () => {
      const personal = {
        dataset: { category: 'personal' },
        request: { level: 'aggregate' },
        principal: { legalBases: ['contract' as const] },
      };
      const sixMonths = decide({
        ...personal,
        request: { ...personal.request, until: addDays(TODAY, 180) },
      });
      expect(sixMonths.decision).toBe('allow');
      const longer = decide({
        ...personal,
        request: { ...personal.request, until: addDays(TODAY, 181) },
      });
      expect(reason(longer, 'duration.within_maximum').message).toBe(
        'It would last 181 days; Personal data allows at most 6 months (180 days).',
      );
    });

    it('refuses an open-ended grant', () => {
      const decision = decide({ request: { until: null } });
      expect(failed(decision)).toEqual(['validity.until_after_start', 'duration.within_maximum']);
      expect(reason(decision, 'validity.until_after_start').message).toBe(
        'Set an end date: grants on Operational data last at most 1 year (365 days).',
      );
    });

    it('refuses an end on or before the start', () => {
      for (const until of [TODAY, addDays(TODAY, -1)]) {
        const decision = decide({ request: { until } });
        expect(failed(decision)).toEqual(['validity.until_after_start']);
        expect(reason(decision, 'validity.until_after_start').message).toContain(
          `It would end on ${until}, not after its start on ${TODAY}.`,
        );
      }
    });

    it('refuses a start in the past and allows one in the future', () => {
      const past = decide({ request: { start: addDays(TODAY, -1) } });
      expect(failed(past)).toEqual(['validity.start_not_past']);
      expect(reason(past, 'validity.start_not_past').message).toBe(
        'It would start on 2026-02-28, before today (2026-03-01); access is not granted in the past.',
      );
      const future = decide({ request: { start: addDays(TODAY, 10) } });
      expect(future.decision).toBe('allow');
    });

    it('refuses dates that are not calendar dates', () => {
      expect(failed(decide({ request: { start: '2026-02-30' } }))).toEqual([
        'validity.start_not_past',
        'validity.until_after_start',
        'duration.within_maximum',
      ]);
      expect(failed(decide({ request: { until: '2026-13-01' } }))).toEqual([
        'validity.until_after_start',
        'duration.within_maximum',
      ]);
      expect(failed(decide({ today: 'yesterday' }))).toEqual(['validity.start_not_past']);
    });
  });

  describe('legal basis', () => {
    const personal = {
      dataset: { category: 'personal' },
      request: { level: 'aggregate', until: addDays(TODAY, 90) },
    };

    it('refuses personal data without the basis the category requires', () => {
      const decision = decide({ ...personal, principal: { legalBases: ['consent'] } });
      expect(failed(decision)).toEqual(['legal_basis.present']);
      expect(reason(decision, 'legal_basis.present').message).toBe(
        'Personal data needs contract as its legal basis; none is on record for Acme analysts.',
      );
    });

    it('allows it with the basis on record', () => {
      const decision = decide({ ...personal, principal: { legalBases: ['contract'] } });
      expect(decision.decision).toBe('allow');
      expect(reason(decision, 'legal_basis.present').message).toBe(
        'Personal data needs contract as its legal basis; Acme analysts has it on record.',
      );
    });

    it('requires consent evidence where the category rests on consent', () => {
      const charter = withCategory('personal', { legalBasis: 'consent' });
      expect(
        decide({ ...personal, charter, principal: { legalBases: ['contract'] } }).decision,
      ).toBe('deny');
      expect(
        decide({ ...personal, charter, principal: { legalBases: ['consent'] } }).decision,
      ).toBe('allow');
    });
  });

  it('refuses datasets that are not active', () => {
    for (const status of ['deprecated', 'retired'] as const) {
      const decision = decide({ dataset: { status } });
      expect(failed(decision)).toEqual(['dataset.active']);
      expect(reason(decision, 'dataset.active').message).toBe(
        `Bus positions is ${status}; only active datasets are shared.`,
      );
    }
  });

  it('denies what a tightened template charter no longer allows', () => {
    const tightened = withCategory('operational', {
      maxAccess: { pilot: 'aggregate', standard: 'aggregate', strategic: 'write' },
    });
    expect(decide().decision).toBe('allow');
    expect(failed(decide({ charter: tightened }))).toEqual(['level.within_tier_maximum']);
  });
});

// ---------------------------------------------------------------- properties

const LEVEL_POOL = ['none', 'aggregate', 'read', 'write', 'admin', 'export', 'stream', 'manage'];
const TIER_POOL = ['pilot', 'standard', 'strategic', 'research', 'public-body'];
const UNKNOWN = 'zz-unknown';
const BASE_DAY = isoDayNumber(TODAY) ?? 0;

const durationArbitrary = fc.oneof(
  fc.integer({ min: 1, max: 800 }).map((n) => `P${n}D`),
  fc.integer({ min: 1, max: 100 }).map((n) => `P${n}W`),
  fc.integer({ min: 1, max: 24 }).map((n) => `P${n}M`),
  fc.integer({ min: 1, max: 3 }).map((n) => `P${n}Y`),
  fc
    .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 11 }))
    .map(([y, m]) => `P${y}Y${m}M`),
);

function categoryArbitrary(levels: string[], tiers: string[], purposes: string[]) {
  return fc
    .record({
      // Mostly a maximum above the lowest level, so that some requests can be allowed.
      max: fc.tuple(...tiers.map(() => biased(levels.slice(1), fc.constantFrom(...levels)))),
      purposeUse: fc.tuple(
        ...purposes.map(() => fc.constantFrom('permitted', 'permitted', 'prohibited', 'neither')),
      ),
      maxGrantDuration: durationArbitrary,
      personalData: fc.boolean(),
      basis: fc.constantFrom(...legalBasisSchema.options),
    })
    .map(({ max, purposeUse, maxGrantDuration, personalData, basis }) => {
      const base = template.categories[0]!;
      const pick = (use: string) => purposes.filter((_, index) => purposeUse[index] === use);
      return {
        ...base,
        maxAccess: Object.fromEntries(tiers.map((tier, index) => [tier, max[index]!])),
        permittedPurposes: pick('permitted'),
        prohibitedPurposes: pick('prohibited'),
        maxGrantDuration,
        personalData,
        legalBasis: personalData && basis === 'not-required' ? 'consent' : basis,
      } satisfies DataCategory;
    });
}

/** A valid charter with random levels, tiers, purposes and categories. */
const charterArbitrary: fc.Arbitrary<CharterContent> = fc
  .record({
    levels: fc.shuffledSubarray(LEVEL_POOL, { minLength: 2 }),
    tiers: fc.shuffledSubarray(TIER_POOL, { minLength: 1, maxLength: 4 }),
    purposes: fc.shuffledSubarray(template.purposes, { minLength: 1 }),
  })
  .chain(({ levels, tiers, purposes }) =>
    fc
      .array(
        categoryArbitrary(
          levels,
          tiers,
          purposes.map((purpose) => purpose.id),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((categories) => ({
        ...template,
        accessLevels: levels.map((id) => ({ id, name: `Level ${id}`, description: '' })),
        partnerTiers: tiers.map((id) => ({ id, name: `Tier ${id}`, description: '' })),
        purposes,
        categories: categories.map((category, index) => ({
          ...category,
          id: `category-${index}`,
          name: `Category ${index}`,
        })),
      })),
  );

/** Mostly a known id, sometimes an unknown one. */
function termArbitrary(ids: string[]) {
  return fc.oneof(
    { weight: 25, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.constant(UNKNOWN) },
  );
}
/** Mostly something from `likely` (when there is any), else anything from `all`. */
function biased<T>(likely: T[], all: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return likely.length === 0
    ? all
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...likely) }, { weight: 1, arbitrary: all });
}

function scenarioArbitrary(charters: fc.Arbitrary<CharterContent>): fc.Arbitrary<PolicyInput> {
  return charters.chain((charter) => {
    const levelIds = charter.accessLevels.map((level) => level.id);
    return fc
      .record({
        categoryId: termArbitrary(charter.categories.map((category) => category.id)),
        tier: fc.oneof(
          { weight: 10, arbitrary: termArbitrary(charter.partnerTiers.map((tier) => tier.id)) },
          { weight: 1, arbitrary: fc.constant(null) },
        ),
      })
      .chain(({ categoryId, tier }) => {
        const category = charter.categories.find((candidate) => candidate.id === categoryId);
        const max = category && tier !== null ? category.maxAccess[tier] : undefined;
        const maxIndex = max === undefined ? -1 : levelIds.indexOf(max);
        const maxDays = category ? isoDurationDays(category.maxGrantDuration) : 400;
        const basis = category?.legalBasis;
        return fc
          .record({
            level: biased(levelIds.slice(1, maxIndex + 1), termArbitrary(levelIds)),
            purpose: biased(
              category?.permittedPurposes ?? [],
              termArbitrary(charter.purposes.map((purpose) => purpose.id)),
            ),
            todayOffset: fc.integer({ min: 0, max: 2000 }),
            startOffset: fc.oneof(
              { weight: 6, arbitrary: fc.integer({ min: 0, max: 30 }) },
              { weight: 1, arbitrary: fc.integer({ min: -30, max: -1 }) },
            ),
            length: fc.oneof(
              { weight: 4, arbitrary: fc.integer({ min: 1, max: Math.max(1, maxDays) }) },
              { weight: 1, arbitrary: fc.integer({ min: -5, max: 2000 }) },
              { weight: 1, arbitrary: fc.constant(null) },
            ),
            legalBases: fc.oneof(
              {
                weight: 3,
                arbitrary: fc.constant(basis && basis !== 'not-required' ? [basis] : []),
              },
              { weight: 1, arbitrary: fc.subarray(legalBasisSchema.options) },
            ),
            status: fc.oneof(
              { weight: 8, arbitrary: fc.constant('active' as const) },
              { weight: 1, arbitrary: fc.constantFrom('deprecated' as const, 'retired' as const) },
            ),
            pusher: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
            kind: fc.constantFrom('partner-role', 'internal-role'),
            principalId: termArbitrary(['acme-analysts']),
            datasetId: termArbitrary(['bus-positions']),
          })
          .map((pick): PolicyInput => {
            const today = dayString(BASE_DAY + pick.todayOffset);
            const start = addDays(today, pick.startOffset);
            return {
              charter,
              today,
              principal: {
                ...acmeAnalysts,
                kind: pick.kind,
                tier,
                legalBases: [...pick.legalBases],
              },
              dataset: {
                ...busPositions,
                category: categoryId,
                status: pick.status,
                pushers: pick.pusher ? ['ACME'] : ['Metro Transit'],
              },
              request: {
                ...readRequest,
                principalId: pick.principalId,
                datasetId: pick.datasetId,
                level: pick.level,
                purpose: pick.purpose,
                start,
                until: pick.length === null ? null : addDays(start, pick.length),
              },
            };
          });
      });
  });
}

/**
 * The charter's bounds, written out independently of the engine: what every allowed grant
 * must satisfy, and (the other way round) what the engine must then allow.
 */
function insideCharter({ request, principal, dataset, charter, today }: PolicyInput): boolean {
  if (!charter) return false;
  const levelIds = charter.accessLevels.map((level) => level.id);
  const category = charter.categories.find((candidate) => candidate.id === dataset.category);
  if (!category || principal.tier === null) return false;
  if (!charter.partnerTiers.some((tier) => tier.id === principal.tier)) return false;
  if (!charter.purposes.some((purpose) => purpose.id === request.purpose)) return false;
  if (request.principalId !== principal.id || request.datasetId !== dataset.id) return false;
  const levelIndex = levelIds.indexOf(request.level);
  const maxIndex = levelIds.indexOf(category.maxAccess[principal.tier] ?? '');
  if (levelIndex <= 0 || request.level === 'none' || levelIndex > maxIndex) return false;
  if (!category.permittedPurposes.includes(request.purpose)) return false;
  if (category.prohibitedPurposes.includes(request.purpose)) return false;
  if (request.until === null) return false;
  const start = isoDayNumber(request.start)!;
  const days = isoDayNumber(request.until)! - start;
  if (start < isoDayNumber(today)! || days <= 0) return false;
  if (days > isoDurationDays(category.maxGrantDuration)) return false;
  if (dataset.status !== 'active') return false;
  if (category.legalBasis !== 'not-required' && !principal.legalBases.includes(category.legalBasis))
    return false;
  const writes = isWriteLevel(request.level, charter);
  return !writes || dataset.pushers.some((who) => who.toLowerCase() === 'acme');
}

/** Lower some maxima, drop permitted purposes, add prohibitions, shorten, require a basis. */
function tightenedArbitrary(charter: CharterContent): fc.Arbitrary<CharterContent> {
  const levelIds = charter.accessLevels.map((level) => level.id);
  const purposeIds = charter.purposes.map((purpose) => purpose.id);
  const keepOr = <T>(keep: T, change: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 1, arbitrary: fc.constant(keep) }, { weight: 1, arbitrary: change });
  const tightenCategory = (category: DataCategory): fc.Arbitrary<DataCategory> =>
    fc
      .record({
        maxAccess: fc.record(
          Object.fromEntries(
            Object.entries(category.maxAccess).map(([tier, level]) => [
              tier,
              keepOr(
                level,
                fc
                  .integer({ min: 0, max: Math.max(0, levelIds.indexOf(level)) })
                  .map((index) => levelIds[index] ?? level),
              ),
            ]),
          ),
        ),
        dropped: fc.subarray(category.permittedPurposes),
        added: fc.subarray(purposeIds.filter((id) => !category.prohibitedPurposes.includes(id))),
        maxGrantDuration: keepOr(
          category.maxGrantDuration,
          fc
            .integer({ min: 1, max: isoDurationDays(category.maxGrantDuration) })
            .map((n) => `P${n}D`),
        ),
        legalBasis:
          category.legalBasis === 'not-required'
            ? keepOr(
                category.legalBasis,
                fc.constantFrom(
                  ...legalBasisSchema.options.filter((basis) => basis !== 'not-required'),
                ),
              )
            : fc.constant(category.legalBasis),
      })
      .map(({ maxAccess, dropped, added, maxGrantDuration, legalBasis }) => ({
        ...category,
        maxAccess,
        permittedPurposes: category.permittedPurposes.filter(
          (id) => !dropped.includes(id) && !added.includes(id),
        ),
        prohibitedPurposes: [...category.prohibitedPurposes, ...added],
        maxGrantDuration,
        legalBasis,
      }));
  return fc
    .tuple(...charter.categories.map(tightenCategory))
    .map((categories) => ({ ...charter, categories }));
}

const scenarios = scenarioArbitrary(charterArbitrary);

describe('decideGrant (properties)', () => {
  it('generates valid charters', () => {
    fc.assert(
      fc.property(charterArbitrary, (charter) => {
        expect(charterContentSchema.safeParse(charter).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('generates scenarios that are allowed often enough to test something', () => {
    const sample = fc.sample(scenarios, { numRuns: 1000, seed: 42 });
    const allowed = sample.filter((input) => decideGrant(input).decision === 'allow').length;
    expect(allowed).toBeGreaterThan(100);
    expect(allowed).toBeLessThan(900);
  });

  it("never allows a grant beyond the charter's maximum", () => {
    fc.assert(
      fc.property(scenarios, (input) => {
        const decision = decideGrant(input);
        if (decision.decision !== 'allow') return;
        const { request, principal, dataset, charter } = input;
        const levelIds = charter!.accessLevels.map((level) => level.id);
        const category = charter!.categories.find((c) => c.id === dataset.category)!;
        expect(category).toBeDefined();
        expect(principal.tier).not.toBeNull();
        const levelIndex = levelIds.indexOf(request.level);
        expect(levelIndex).toBeGreaterThan(0);
        expect(levelIndex).toBeLessThanOrEqual(
          levelIds.indexOf(category.maxAccess[principal.tier!]!),
        );
        expect(category.permittedPurposes).toContain(request.purpose);
        expect(category.prohibitedPurposes).not.toContain(request.purpose);
        expect(request.until).not.toBeNull();
        const days = isoDayNumber(request.until!)! - isoDayNumber(request.start)!;
        expect(days).toBeGreaterThan(0);
        expect(days).toBeLessThanOrEqual(isoDurationDays(category.maxGrantDuration));
      }),
      { numRuns: RUNS },
    );
  });

  it('allows exactly the requests inside the charter, listing every check once', () => {
    fc.assert(
      fc.property(scenarios, (input) => {
        const decision = decideGrant(input);
        expect(decision.decision).toBe(insideCharter(input) ? 'allow' : 'deny');
        expect(decision.reasons.map((r) => r.rule)).toEqual(policyRuleSchema.options);
        expect(decision.decision === 'deny').toBe(
          decision.reasons.some((r) => r.outcome === 'fail'),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('never newly allows anything after the charter is tightened', () => {
    const pairs = charterArbitrary.chain((charter) =>
      fc.tuple(scenarioArbitrary(fc.constant(charter)), tightenedArbitrary(charter)),
    );
    let withdrawn = 0;
    fc.assert(
      fc.property(pairs, ([input, tightened]) => {
        expect(charterContentSchema.safeParse(tightened).success).toBe(true);
        const before = decideGrant(input).decision;
        const after = decideGrant({ ...input, charter: tightened }).decision;
        if (before === 'deny') expect(after).toBe('deny');
        if (before === 'allow' && after === 'deny') withdrawn += 1;
      }),
      { numRuns: RUNS },
    );
    // Tightening does bite now and then, so the property is not vacuous.
    expect(withdrawn).toBeGreaterThan(0);
  });

  it('denies a request with an unknown id anywhere, naming it', () => {
    const unknownId = fc
      .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
      .map((id) => `zz-${id}`)
      .filter((id) => !LEVEL_POOL.includes(id) && !TIER_POOL.includes(id));
    const where = fc.constantFrom(
      'category',
      'level',
      'purpose',
      'tier',
      'principalId',
      'datasetId',
    );
    fc.assert(
      fc.property(scenarios, where, unknownId, (input, place, id) => {
        const changed: PolicyInput = {
          ...input,
          request: {
            ...input.request,
            ...(place === 'level' && { level: id }),
            ...(place === 'purpose' && { purpose: id }),
            ...(place === 'principalId' && { principalId: id }),
            ...(place === 'datasetId' && { datasetId: id }),
          },
          principal: { ...input.principal, ...(place === 'tier' && { tier: id }) },
          dataset: { ...input.dataset, ...(place === 'category' && { category: id }) },
        };
        const decision = decideGrant(changed);
        expect(decision.decision).toBe('deny');
        const known = decision.reasons.find((r) => r.rule === 'term.known')!;
        expect(known.outcome).toBe('fail');
        expect(known.message).toContain(`"${id}"`);
      }),
      { numRuns: RUNS },
    );
  });
});
