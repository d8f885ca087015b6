import { type CharterContent, type DataCategory, legalBasisLabels } from './charter';
import type {
  CharterChange,
  CharterDiff,
  CharterFieldChange,
  CharterSection,
} from './charter-diff-schema';
import {
  type Cadence,
  type CadenceKey,
  cadenceKey,
  cadenceKeySchema,
  cadenceLabels,
  formatIsoDuration,
  sensitivityLabels,
} from './governance-terms';

/** GDPR Art. 6 bases as people name them. */
export const charterSectionTitles: Record<CharterSection, string> = {
  general: 'General',
  accessLevels: 'Access levels',
  partnerTiers: 'Partner tiers',
  purposes: 'Purposes',
  categories: 'Data categories',
  parties: 'Parties',
  clauses: 'Clauses',
};

interface Side {
  version: number;
  content: CharterContent;
}

/** Names looked up in one side's own vocabulary; an unknown id shows as itself. */
function namer(items: readonly { id: string; name: string }[]): (id: string) => string {
  const names = new Map(items.map((item) => [item.id, item.name]));
  return (id) => names.get(id) ?? id;
}

function field(
  key: string,
  label: string,
  before: string | null,
  after: string | null,
): CharterFieldChange[] {
  return before === after ? [] : [{ field: key, label, before, after }];
}

function list(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

/** Compares lists whose order carries no meaning. */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((value) => set.has(value));
}

/** A list compared as a set, shown in each side's own words. */
function setField<V extends string>(
  key: string,
  label: string,
  before: readonly V[],
  after: readonly V[],
  showBefore: (value: V) => string,
  showAfter: (value: V) => string = showBefore,
): CharterFieldChange[] {
  if (sameSet(before, after)) return [];
  return [
    { field: key, label, before: list(before.map(showBefore)), after: list(after.map(showAfter)) },
  ];
}

function cadenceList(cadences: readonly Cadence[]): CadenceKey[] {
  const keys = cadences.map(cadenceKey);
  // In the order of the vocabulary (fastest first), whatever order the charter lists them.
  return cadenceKeySchema.options.filter((key) => keys.includes(key));
}

/**
 * Indices (into `sequence`) of one longest strictly increasing subsequence. The items of an
 * ordered list that are not on it are the fewest that "moved"; the rest kept their order.
 */
function longestIncreasing(sequence: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(sequence.length).fill(-1);
  sequence.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((sequence[tails[mid] ?? 0] ?? 0) < value) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[index] = tails[low - 1] ?? -1;
    tails[low] = index;
  });
  const kept = new Set<number>();
  for (let at = tails[tails.length - 1] ?? -1; at !== -1; at = previous[at] ?? -1) kept.add(at);
  return kept;
}

interface Keyed {
  key: string;
  label: string;
}

/**
 * The generic part of every list section: items matched by key, reported as added, removed,
 * changed (with `details`) and, for ordered lists, moved.
 */
function diffList<T>(
  before: readonly T[],
  after: readonly T[],
  identify: (item: T) => Keyed,
  details: (from: T, to: T) => CharterFieldChange[],
  options: { ordered?: boolean; describe?: (item: T) => CharterFieldChange[] } = {},
): CharterChange[] {
  const describe = options.describe ?? (() => []);
  const beforeByKey = new Map(before.map((item) => [identify(item).key, item]));
  const afterKeys = new Set(after.map((item) => identify(item).key));
  const changes: CharterChange[] = [];
  for (const item of before) {
    const { key, label } = identify(item);
    if (!afterKeys.has(key)) {
      const fields = describe(item).map((f) => ({ ...f, before: f.after, after: null }));
      changes.push({ kind: 'removed', key, label, details: fields });
    }
  }
  // Moves are judged among the items both sides have, by their relative order.
  const common = after.filter((item) => beforeByKey.has(identify(item).key));
  const beforeIndex = new Map(before.map((item, index) => [identify(item).key, index]));
  const moved = new Set<string>();
  if (options.ordered) {
    const kept = longestIncreasing(common.map((item) => beforeIndex.get(identify(item).key) ?? 0));
    common.forEach((item, index) => {
      if (!kept.has(index)) moved.add(identify(item).key);
    });
  }
  for (const item of after) {
    const { key, label } = identify(item);
    const old = beforeByKey.get(key);
    if (old === undefined) {
      changes.push({ kind: 'added', key, label, details: describe(item) });
      continue;
    }
    const fields = details(old, item);
    if (moved.has(key)) {
      const position = (at: number, of: number) => `${at + 1} of ${of}`;
      fields.push({
        field: 'position',
        label: 'Position',
        before: position(beforeIndex.get(key) ?? 0, before.length),
        after: position(after.indexOf(item), after.length),
      });
    }
    if (fields.length > 0) {
      const kind = fields.every((f) => f.field === 'position') ? 'moved' : 'changed';
      changes.push({ kind, key, label, details: fields });
    }
  }
  return changes;
}

function nameAndDescription<T extends { name: string; description: string }>(
  from: T,
  to: T,
): CharterFieldChange[] {
  return [
    ...field('name', 'Name', from.name, to.name),
    ...field('description', 'Description', from.description, to.description),
  ];
}

function categoryDetails(from: Side['content'], to: Side['content']) {
  const levelBefore = namer(from.accessLevels);
  const levelAfter = namer(to.accessLevels);
  const purposeBefore = namer(from.purposes);
  const purposeAfter = namer(to.purposes);
  const tierName = (id: string) =>
    to.partnerTiers.find((tier) => tier.id === id)?.name ??
    from.partnerTiers.find((tier) => tier.id === id)?.name ??
    id;
  const tierOrder = [
    ...to.partnerTiers.map((tier) => tier.id),
    ...from.partnerTiers.map((tier) => tier.id),
  ];
  return (a: DataCategory, b: DataCategory): CharterFieldChange[] => {
    const tiers = [
      ...new Set([...tierOrder, ...Object.keys(a.maxAccess), ...Object.keys(b.maxAccess)]),
    ];
    return [
      ...field('name', 'Name', a.name, b.name),
      ...field('description', 'Description', a.description, b.description),
      ...field(
        'sensitivity',
        'Sensitivity',
        sensitivityLabels[a.sensitivity],
        sensitivityLabels[b.sensitivity],
      ),
      ...field(
        'personalData',
        'Personal data',
        a.personalData ? 'Yes' : 'No',
        b.personalData ? 'Yes' : 'No',
      ),
      ...field('owner', 'Owner', a.owner, b.owner),
      ...tiers.flatMap((tier) => {
        const before = a.maxAccess[tier];
        const after = b.maxAccess[tier];
        return before === after
          ? []
          : field(
              `maxAccess.${tier}`,
              `Max access (${tierName(tier)})`,
              before === undefined ? null : levelBefore(before),
              after === undefined ? null : levelAfter(after),
            );
      }),
      ...setField(
        'allowedCadences',
        'Allowed cadences',
        cadenceList(a.allowedCadences),
        cadenceList(b.allowedCadences),
        (key) => cadenceLabels[key],
      ),
      ...setField(
        'permittedPurposes',
        'Permitted purposes',
        a.permittedPurposes,
        b.permittedPurposes,
        purposeBefore,
        purposeAfter,
      ),
      ...setField(
        'prohibitedPurposes',
        'Prohibited purposes',
        a.prohibitedPurposes,
        b.prohibitedPurposes,
        purposeBefore,
        purposeAfter,
      ),
      ...setField(
        'prohibitedUses',
        'Prohibited uses',
        a.prohibitedUses,
        b.prohibitedUses,
        (use) => `"${use}"`,
      ),
      ...field(
        'retention',
        'Retention',
        formatIsoDuration(a.retention),
        formatIsoDuration(b.retention),
      ),
      ...field(
        'legalBasis',
        'Legal basis',
        legalBasisLabels[a.legalBasis],
        legalBasisLabels[b.legalBasis],
      ),
      ...field(
        'maxGrantDuration',
        'Max grant duration',
        formatIsoDuration(a.maxGrantDuration),
        formatIsoDuration(b.maxGrantDuration),
      ),
    ];
  };
}

/** The rules of a category in a few fields, for an added or removed category. */
function categorySummary(content: CharterContent) {
  const levelName = namer(content.accessLevels);
  return (category: DataCategory): CharterFieldChange[] => [
    {
      field: 'sensitivity',
      label: 'Sensitivity',
      before: null,
      after: sensitivityLabels[category.sensitivity],
    },
    ...content.partnerTiers.map((tier) => {
      const level = category.maxAccess[tier.id];
      return {
        field: `maxAccess.${tier.id}`,
        label: `Max access (${tier.name})`,
        before: null,
        after: level === undefined ? null : levelName(level),
      };
    }),
  ];
}

/**
 * What changed between two versions of a charter, section by section, in words a reviewer
 * reads: names rather than ids, labels rather than codes, "1 year" rather than P1Y. Sections
 * with nothing to report are left out.
 */
export function diffCharters(from: Side, to: Side): CharterDiff {
  const a = from.content;
  const b = to.content;
  const general: CharterChange[] = [
    ...field('title', 'Title', a.title, b.title),
    ...field('effectiveDate', 'Effective date', a.effectiveDate, b.effectiveDate),
    ...field('nextReviewDate', 'Next review', a.nextReviewDate, b.nextReviewDate),
  ].map((detail) => ({
    kind: 'changed',
    key: detail.field,
    label: detail.label,
    details: [detail],
  }));
  const byId = (item: { id: string; name: string }) => ({ key: item.id, label: item.name });
  const sections: [CharterSection, CharterChange[]][] = [
    ['general', general],
    [
      'accessLevels',
      diffList(a.accessLevels, b.accessLevels, byId, nameAndDescription, { ordered: true }),
    ],
    ['partnerTiers', diffList(a.partnerTiers, b.partnerTiers, byId, nameAndDescription)],
    ['purposes', diffList(a.purposes, b.purposes, byId, nameAndDescription)],
    [
      'categories',
      diffList(a.categories, b.categories, byId, categoryDetails(a, b), {
        describe: (category) => categorySummary(b.categories.includes(category) ? b : a)(category),
      }),
    ],
    [
      'parties',
      diffList(
        a.parties,
        b.parties,
        (party) => ({ key: party.name, label: party.name }),
        (p, q) => [
          ...field(
            'role',
            'Role',
            p.role === 'lead' ? 'Lead' : 'Partner',
            q.role === 'lead' ? 'Lead' : 'Partner',
          ),
          ...field('contact', 'Contact', p.contact, q.contact),
        ],
      ),
    ],
    [
      'clauses',
      diffList(
        a.clauses,
        b.clauses,
        (clause) => ({ key: clause.id, label: clause.title }),
        (p, q) => [
          ...field('title', 'Title', p.title, q.title),
          ...field('text', 'Text', p.text, q.text),
        ],
        {
          describe: (clause) => [
            { field: 'text', label: 'Text', before: null, after: clause.text },
          ],
        },
      ),
    ],
  ];
  const reported = sections
    .filter(([, changes]) => changes.length > 0)
    .map(([section, changes]) => ({ section, title: charterSectionTitles[section], changes }));
  return {
    from: from.version,
    to: to.version,
    sections: reported,
    changeCount: reported.reduce((total, section) => total + section.changes.length, 0),
  };
}

const kindMarks: Record<CharterChange['kind'], string> = {
  added: '+',
  removed: '-',
  changed: '~',
  moved: '↕',
};

function formatDetail(detail: CharterFieldChange): string[] {
  const show = (value: string | null) => (value === null ? '—' : value);
  const long = [detail.before, detail.after].some(
    (value) => value !== null && (value.length > 50 || value.includes('\n')),
  );
  if (!long) return [`      ${detail.label}: ${show(detail.before)} → ${show(detail.after)}`];
  const indent = (value: string | null) => show(value).split('\n').join('\n              ');
  return [
    `      ${detail.label}:`,
    ...(detail.before === null ? [] : [`        before: ${indent(detail.before)}`]),
    ...(detail.after === null ? [] : [`        after:  ${indent(detail.after)}`]),
  ];
}

/** The diff as plain text, for the command line. */
export function formatCharterDiff(diff: CharterDiff): string {
  const count = diff.changeCount === 1 ? '1 change' : `${diff.changeCount} changes`;
  const lines = [
    `Charter version ${diff.from} → ${diff.to}: ${diff.changeCount === 0 ? 'no changes' : count}`,
  ];
  for (const section of diff.sections) {
    lines.push('', section.title);
    for (const change of section.changes) {
      lines.push(`  ${kindMarks[change.kind]} ${change.label} (${change.kind})`);
      for (const detail of change.details) lines.push(...formatDetail(detail));
    }
  }
  return lines.join('\n');
}
