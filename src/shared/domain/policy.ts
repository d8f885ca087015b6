import type {
  GrantRequest,
  PolicyDecision,
  PolicyField,
  PolicyReason,
  PolicyRule,
  Principal,
} from './access';
import { isoDayNumber, principalKindLabels } from './access';
import type { CharterContent, DataCategory } from './charter';
import { legalBasisLabels } from './charter';
import type { Dataset } from './dataset';
import { datasetStatusLabels } from './dataset';
import { formatIsoDuration, isoDurationDays } from './governance-terms';

/** What the engine reads of a dataset: any catalog row, replica or test fixture will do. */
export type PolicyDataset = Pick<Dataset, 'id' | 'title' | 'category' | 'status' | 'pushers'>;

export interface PolicyInput {
  request: GrantRequest;
  principal: Principal;
  dataset: PolicyDataset;
  /** The governing (published) charter; null when none is published yet. */
  charter: CharterContent | null;
  /** The day the decision is made, YYYY-MM-DD; passed in so the engine stays pure. */
  today: string;
}

export interface DecideOptions {
  /**
   * False leaves every reason's message empty: the same checks, in the same order, with the
   * same outcomes, without building the sentences. For judging every grant at once (the
   * out-of-bounds set, the charter-change check over 200,000 grants), where only the verdict
   * is kept; a grant whose verdict is shown is decided again with its messages.
   */
  messages?: boolean;
}

/**
 * Whether a level changes a dataset rather than only reading it: a level whose id is `write`
 * or `admin`, and any level ranked at or above the lowest of those two. A charter with neither
 * has no writing levels. Ranking by position keeps it closed under the charter's own order:
 * a level the charter places above `write` is never taken for a read-only one.
 */
export function isWriteLevel(levelId: string, charter: Pick<CharterContent, 'accessLevels'>) {
  if (levelId === 'write' || levelId === 'admin') return true;
  const { position, writeFrom } = levelIndexOf(charter.accessLevels);
  const at = position.get(levelId);
  return writeFrom !== undefined && at !== undefined && at >= writeFrom;
}

interface LevelIndex {
  /** Each level's rank: its position in the charter's list, lowest first. */
  position: Map<string, number>;
  /** The rank of the lowest `write` or `admin` level; undefined when there is neither. */
  writeFrom: number | undefined;
}

interface CharterIndex {
  categories: Map<string, DataCategory>;
  tiers: Map<string, CharterContent['partnerTiers'][number]>;
  purposes: Map<string, string>;
}

/*
 * Lookups by id, built once per charter (charters are immutable values: a new version is a new
 * object). The engine judges every grant of a workspace at once after a charter change, and
 * scanning the charter's lists for each grant was most of its cost.
 */
const levelIndexes = new WeakMap<CharterContent['accessLevels'], LevelIndex>();
const charterIndexes = new WeakMap<CharterContent, CharterIndex>();

function levelIndexOf(levels: CharterContent['accessLevels']): LevelIndex {
  let index = levelIndexes.get(levels);
  if (!index) {
    const position = new Map<string, number>();
    levels.forEach((level, at) => {
      if (!position.has(level.id)) position.set(level.id, at);
    });
    const marks = levels.flatMap((level, at) =>
      level.id === 'write' || level.id === 'admin' ? [at] : [],
    );
    index = { position, writeFrom: marks.length > 0 ? Math.min(...marks) : undefined };
    levelIndexes.set(levels, index);
  }
  return index;
}

function charterIndexOf(charter: CharterContent): CharterIndex {
  let index = charterIndexes.get(charter);
  if (!index) {
    // The first of a repeated id wins, as Array.find would have it.
    const byId = <T extends { id: string }>(items: readonly T[]) => {
      const map = new Map<string, T>();
      for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
      return map;
    };
    index = {
      categories: byId(charter.categories),
      tiers: byId(charter.partnerTiers),
      purposes: new Map([...byId(charter.purposes)].map(([id, p]) => [id, p.name])),
    };
    charterIndexes.set(charter, index);
  }
  return index;
}

/**
 * Everything decideGrant reads of a charter when it judges a request for a dataset of
 * `categoryId`, by a principal in `tierId`, for `purposeId`: the levels (ranks, the lowest, the
 * writing ones), that category, that tier and that purpose. (The title appears only in a
 * message.) Two charters that agree on these give every such request the same verdict, which
 * lets the charter-change check skip the grants a new version does not touch; keep this in
 * step with the engine (a property test compares the shortcut with deciding every grant).
 */
export function charterPartsRead(
  charter: CharterContent,
  categoryId: string,
  tierId: string | null,
  purposeId: string,
): unknown {
  const index = charterIndexOf(charter);
  return [
    charter.accessLevels,
    index.categories.get(categoryId) ?? null,
    tierId === null ? null : (index.tiers.get(tierId) ?? null),
    index.purposes.get(purposeId) ?? null,
  ];
}

/** The request's terms looked up in the charter; undefined where the charter lacks one. */
interface Terms {
  charter: CharterContent;
  category: DataCategory | undefined;
  levelIndex: number;
  purposeName: string | undefined;
  tierName: string | undefined;
  /** The category's maximum for the principal's tier, as an index into accessLevels. */
  maxIndex: number;
}

/**
 * Decides a grant request against the governing charter and reports every check, passed or
 * failed, in the order of `policyRuleSchema`; the decision is deny exactly when one fails.
 * Terms the charter does not define fail closed, and so does every check that needs one: it
 * is reported as failed with what it could not check. Pure (no clock, no I/O), so the grant
 * form, the command layer and the CLI all run this same function.
 */
export function decideGrant(input: PolicyInput, options: DecideOptions = {}): PolicyDecision {
  const { request, principal, dataset, charter, today } = input;
  const reasons: PolicyReason[] = [];
  const withMessages = options.messages !== false;
  const report: Report = (rule, field, pass, message) => {
    reasons.push({
      rule,
      outcome: pass ? 'pass' : 'fail',
      field,
      message: withMessages ? message() : '',
    });
  };

  report('charter.published', 'charter', charter !== null, () =>
    charter
      ? `Decided against the charter "${charter.title}".`
      : 'No charter is published, so nothing can be granted yet.',
  );
  const terms = charter ? lookUpTerms(request, principal, dataset, charter) : null;
  reportTermsKnown(report, request, principal, dataset, terms);

  const tierName = terms?.tierName ?? principal.tier ?? '';
  report('principal.tier_assigned', 'principal', principal.tier !== null, () =>
    principal.tier !== null
      ? `${principal.name} is in the ${tierName} tier.`
      : `${principal.name} (${principalKindLabels[principal.kind].toLowerCase()}) has no partner tier; the charter sets its maxima per tier, so assign one first.`,
  );
  report('dataset.active', 'dataset', dataset.status === 'active', () =>
    dataset.status === 'active'
      ? `${dataset.title} is active.`
      : `${dataset.title} is ${datasetStatusLabels[dataset.status].toLowerCase()}; only active datasets are shared.`,
  );

  reportLevel(report, principal, dataset, terms);
  reportPurpose(report, request, terms);
  reportValidity(report, request, today, terms);
  reportLegalBasis(report, principal, terms);

  return {
    decision: reasons.some((reason) => reason.outcome === 'fail') ? 'deny' : 'allow',
    reasons,
  };
}

/** The message is only built when asked for: see DecideOptions. */
type Report = (rule: PolicyRule, field: PolicyField, pass: boolean, message: () => string) => void;

function lookUpTerms(
  request: GrantRequest,
  principal: Principal,
  dataset: PolicyDataset,
  charter: CharterContent,
): Terms {
  const { position } = levelIndexOf(charter.accessLevels);
  const index = charterIndexOf(charter);
  const category = index.categories.get(dataset.category);
  const tier = principal.tier === null ? undefined : index.tiers.get(principal.tier);
  const max = category && tier ? category.maxAccess[tier.id] : undefined;
  return {
    charter,
    category,
    levelIndex: position.get(request.level) ?? -1,
    purposeName: index.purposes.get(request.purpose),
    tierName: tier?.name,
    maxIndex: max === undefined ? -1 : (position.get(max) ?? -1),
  };
}

function reportTermsKnown(
  report: Report,
  request: GrantRequest,
  principal: Principal,
  dataset: PolicyDataset,
  terms: Terms | null,
): void {
  const unknown: { field: PolicyField; message: string }[] = [];
  if (request.principalId !== principal.id) {
    unknown.push({
      field: 'principal',
      message: `The request names principal "${request.principalId}", not "${principal.id}".`,
    });
  }
  if (request.datasetId !== dataset.id) {
    unknown.push({
      field: 'dataset',
      message: `The request names dataset "${request.datasetId}", not "${dataset.id}".`,
    });
  }
  if (!terms) {
    unknown.push({ field: 'charter', message: 'There is no charter to look the terms up in.' });
  } else {
    const { category, charter } = terms;
    if (!category) {
      unknown.push({
        field: 'dataset',
        message:
          dataset.category === ''
            ? `${dataset.title} has no data category.`
            : `"${dataset.category}" is not a data category of the charter.`,
      });
    }
    if (terms.levelIndex < 0) {
      unknown.push({
        field: 'level',
        message: `"${request.level}" is not an access level of the charter.`,
      });
    }
    if (terms.purposeName === undefined) {
      unknown.push({
        field: 'purpose',
        message: `"${request.purpose}" is not a purpose in the charter's vocabulary.`,
      });
    }
    if (principal.tier !== null && terms.tierName === undefined) {
      unknown.push({
        field: 'principal',
        message: `"${principal.tier}" is not a partner tier of the charter.`,
      });
    }
    if (category && terms.tierName !== undefined && terms.maxIndex < 0) {
      unknown.push({
        field: 'dataset',
        message: `${category.name} sets no known maximum level for the ${terms.tierName} tier.`,
      });
    }
    if (unknown.length === 0) {
      const level = charter.accessLevels[terms.levelIndex]?.name ?? request.level;
      const tier = terms.tierName === undefined ? '' : ` and the tier ${terms.tierName}`;
      report(
        'term.known',
        'charter',
        true,
        () =>
          `The charter defines the category ${category?.name ?? ''}, the level ${level}, the purpose ${terms.purposeName ?? ''}${tier}.`,
      );
      return;
    }
  }
  report('term.known', unknown[0]?.field ?? 'charter', false, () =>
    unknown.map((item) => item.message).join(' '),
  );
}

function reportLevel(
  report: Report,
  principal: Principal,
  dataset: PolicyDataset,
  terms: Terms | null,
): void {
  const levels = terms?.charter.accessLevels ?? [];
  const level = levels[terms?.levelIndex ?? -1];
  const lowest = levels[0];
  if (!terms || !level || !lowest) {
    const why = unchecked('access level', terms);
    report('level.grants_access', 'level', false, () => why);
    report('level.within_tier_maximum', 'level', false, () => why);
    report('write.pusher_only', 'level', false, () => why);
    return;
  }

  const grantsNothing = level.id === 'none' || level === lowest;
  report('level.grants_access', 'level', !grantsNothing, () =>
    grantsNothing
      ? `${level.name} gives no access; ask for a level above it.`
      : `${level.name} is above ${lowest.name}, the charter's lowest level.`,
  );

  const { category, tierName, maxIndex } = terms;
  const max = levels[maxIndex];
  if (principal.tier === null) {
    report(
      'level.within_tier_maximum',
      'level',
      false,
      () => 'Without a tier there is no maximum to compare the level with.',
    );
  } else if (!category || tierName === undefined || !max) {
    report('level.within_tier_maximum', 'level', false, () =>
      !category
        ? unchecked('category', terms)
        : tierName === undefined
          ? unchecked('tier', terms)
          : `Cannot be checked: ${category.name} sets no known maximum for the ${tierName} tier.`,
    );
  } else {
    const within = terms.levelIndex <= maxIndex;
    report('level.within_tier_maximum', 'level', within, () =>
      within
        ? `${level.name} is within ${max.name}, the most ${category.name} allows the ${tierName} tier.`
        : `${category.name} allows the ${tierName} tier at most ${max.name}; ${level.name} is above it.`,
    );
  }

  if (!isWriteLevel(level.id, terms.charter)) {
    report('write.pusher_only', 'level', true, () => `${level.name} does not change the dataset.`);
    return;
  }
  const pushers = dataset.pushers.map(normalise);
  const pusher = [principal.organisation, principal.name].find((who) =>
    pushers.includes(normalise(who)),
  );
  report('write.pusher_only', 'level', pusher !== undefined, () =>
    pusher !== undefined
      ? `${level.name} changes the dataset, and ${pusher} may push to ${dataset.title}.`
      : dataset.pushers.length === 0
        ? `${level.name} changes the dataset, and no one may push to ${dataset.title}.`
        : `${level.name} changes the dataset; only ${dataset.pushers.join(', ')} may push to ${dataset.title}, not ${principal.name} of ${principal.organisation}.`,
  );
}

/** Pushers are free-text labels: "Acme " and "acme" name the same organisation. */
function normalise(label: string): string {
  return label.trim().toLowerCase();
}

function reportPurpose(report: Report, request: GrantRequest, terms: Terms | null): void {
  const category = terms?.category;
  const purpose = terms?.purposeName;
  if (!category || purpose === undefined) {
    const why = unchecked('category or purpose', terms);
    report('purpose.permitted', 'purpose', false, () => why);
    report('purpose.not_prohibited', 'purpose', false, () => why);
    return;
  }
  const names = (ids: string[]) =>
    ids
      .map((id) => terms.charter.purposes.find((candidate) => candidate.id === id)?.name ?? id)
      .join(', ');
  const permitted = category.permittedPurposes.includes(request.purpose);
  report('purpose.permitted', 'purpose', permitted, () =>
    permitted
      ? `${category.name} permits ${purpose}.`
      : category.permittedPurposes.length === 0
        ? `${category.name} permits no purpose.`
        : `${category.name} does not permit ${purpose}; it permits ${names(category.permittedPurposes)}.`,
  );
  const prohibited = category.prohibitedPurposes.includes(request.purpose);
  report('purpose.not_prohibited', 'purpose', !prohibited, () =>
    prohibited
      ? `${category.name} prohibits ${purpose}.`
      : `${category.name} does not prohibit ${purpose}.`,
  );
}

function reportValidity(
  report: Report,
  request: GrantRequest,
  today: string,
  terms: Terms | null,
): void {
  const start = isoDayNumber(request.start);
  const until = request.until === null ? null : isoDayNumber(request.until);
  const now = isoDayNumber(today);

  if (start === null || now === null) {
    report('validity.start_not_past', 'start', false, () =>
      start === null
        ? `"${request.start}" is not a date.`
        : `Today's date "${today}" is not a date, so the start cannot be checked.`,
    );
  } else {
    report('validity.start_not_past', 'start', start >= now, () =>
      start >= now
        ? `It starts on ${request.start}${start === now ? ', today' : ''}.`
        : `It would start on ${request.start}, before today (${today}); access is not granted in the past.`,
    );
  }

  const category = terms?.category;
  const max = () =>
    category
      ? `${formatIsoDuration(category.maxGrantDuration)} (${isoDurationDays(category.maxGrantDuration)} days)`
      : '';
  if (request.until === null || until === null || start === null) {
    const message =
      request.until === null
        ? category
          ? `Set an end date: grants on ${category.name} last at most ${max()}.`
          : 'Set an end date: every grant needs one.'
        : until === null
          ? `"${request.until}" is not a date.`
          : 'Without a valid start the end cannot be checked.';
    report('validity.until_after_start', 'until', false, () => message);
  } else {
    report('validity.until_after_start', 'until', until > start, () =>
      until > start
        ? `It ends on ${request.until}, after it starts.`
        : `It would end on ${request.until}, not after its start on ${request.start}.`,
    );
  }

  if (!category) {
    report('duration.within_maximum', 'until', false, () => unchecked('category', terms));
    return;
  }
  const maxDays = isoDurationDays(category.maxGrantDuration);
  if (!Number.isFinite(maxDays)) {
    report(
      'duration.within_maximum',
      'until',
      false,
      () =>
        `The charter's maximum for ${category.name}, "${category.maxGrantDuration}", is not a duration.`,
    );
  } else if (request.until === null) {
    report(
      'duration.within_maximum',
      'until',
      false,
      () => `An open-ended grant goes beyond ${max()}, the longest ${category.name} allows.`,
    );
  } else if (until === null || start === null) {
    report(
      'duration.within_maximum',
      'until',
      false,
      () => 'Without valid dates it cannot be measured.',
    );
  } else {
    const days = until - start;
    report('duration.within_maximum', 'until', days <= maxDays, () =>
      days <= maxDays
        ? `${days} days is within ${max()}, the longest ${category.name} allows.`
        : `It would last ${days} days; ${category.name} allows at most ${max()}.`,
    );
  }
}

function reportLegalBasis(report: Report, principal: Principal, terms: Terms | null): void {
  const category = terms?.category;
  if (!category) {
    report('legal_basis.present', 'principal', false, () => unchecked('category', terms));
    return;
  }
  const basis = category.legalBasis;
  if (basis === 'not-required') {
    // The charter schema forbids this for personal data; a charter that slipped through fails.
    report('legal_basis.present', 'principal', !category.personalData, () =>
      category.personalData
        ? `${category.name} holds personal data but names no legal basis.`
        : `${category.name} holds no personal data and needs no legal basis.`,
    );
    return;
  }
  const label = legalBasisLabels[basis].toLowerCase();
  const held = principal.legalBases.includes(basis);
  report('legal_basis.present', 'principal', held, () =>
    held
      ? `${category.name} needs ${label} as its legal basis; ${principal.name} has it on record.`
      : `${category.name} needs ${label} as its legal basis; none is on record for ${principal.name}.`,
  );
}

function unchecked(what: string, terms: Terms | null): string {
  return terms
    ? `Cannot be checked: the ${what} is not in the charter.`
    : 'Cannot be checked without a published charter.';
}
