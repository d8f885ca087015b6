import type { CharterContent, DataCategory } from '../../../shared/domain/charter';

const maxIdLength = 48;

/** "Research & development" → "research-development": a charter id suggested from a name. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxIdLength)
    .replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`, … whichever is not taken yet. */
export function uniqueId(base: string, taken: readonly string[]): string {
  const stem = base === '' ? 'item' : base;
  if (!taken.includes(stem)) return stem;
  for (let n = 2; ; n += 1) {
    const suffix = `-${String(n)}`;
    const candidate = `${stem.slice(0, maxIdLength - suffix.length)}${suffix}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** Placeholder ids for new items; naming the item replaces one with an id made from the name. */
export function isPlaceholderId(id: string): boolean {
  return /^new-(level|tier|purpose|category|clause)(-\d+)?$/.test(id);
}

export function newNamedItem(noun: string, taken: readonly string[]) {
  return { id: uniqueId(`new-${noun}`, taken), name: '', description: '' };
}

/**
 * A new category starts least-privileged: the first (lowest) access level for every tier, one
 * cadence, no purposes, and a legal basis to confirm.
 */
export function newCategory(content: CharterContent): DataCategory {
  const lowest = content.accessLevels[0]?.id ?? '';
  return {
    id: uniqueId(
      'new-category',
      content.categories.map((category) => category.id),
    ),
    name: '',
    description: '',
    sensitivity: 'internal',
    personalData: false,
    owner: '',
    maxAccess: Object.fromEntries(content.partnerTiers.map((tier) => [tier.id, lowest])),
    allowedCadences: [{ kind: 'periodic', interval: 'daily' }],
    permittedPurposes: [],
    prohibitedPurposes: [],
    prohibitedUses: [],
    retention: 'P1Y',
    legalBasis: 'not-required',
    maxGrantDuration: 'P1Y',
  };
}

export function newClause(taken: readonly string[]) {
  return { id: uniqueId('new-clause', taken), title: '', text: '' };
}

export function newParty() {
  return { name: '', role: 'partner' as const, contact: '' };
}
