import { z } from 'zod';
import { cadenceSchema, isoDurationSchema, sensitivitySchema } from './governance-terms';

export { cadenceIntervalSchema, cadenceSchema, isoDurationSchema } from './governance-terms';
export type { Cadence } from './governance-terms';

/** Ids are stable across versions, so diffs, grants and datasets can refer to them. */
const charterId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'Use 1–48 lowercase letters, digits and hyphens');
/** Purpose ids may be W3C DPV terms (`dpv:ServiceProvision`) or the node's own (`x-…`). */
const purposeId = z
  .string()
  .regex(/^(dpv:[A-Za-z][A-Za-z0-9]{1,79}|[a-z0-9][a-z0-9-]{0,47})$/, 'Use a DPV term or an id');
const name = z.string().trim().min(1, 'Give it a name').max(120);
const description = z.string().trim().max(2000);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-23');

/** GDPR Art. 6 bases, plus "none needed" for data that is not personal. */
export const legalBasisSchema = z.enum([
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
  'not-required',
]);

export type LegalBasis = z.infer<typeof legalBasisSchema>;
export const legalBasisLabels: Record<LegalBasis, string> = {
  consent: 'Consent',
  contract: 'Contract',
  'legal-obligation': 'Legal obligation',
  'vital-interests': 'Vital interests',
  'public-task': 'Public task',
  'legitimate-interests': 'Legitimate interests',
  'not-required': 'Not required (no personal data)',
};

export const accessLevelSchema = z.strictObject({ id: charterId, name, description });
export const partnerTierSchema = z.strictObject({ id: charterId, name, description });
export const purposeSchema = z.strictObject({ id: purposeId, name, description });

export const dataCategorySchema = z.strictObject({
  id: charterId,
  name,
  description,
  sensitivity: sensitivitySchema,
  personalData: z.boolean(),
  /** The role or organisation that owns the category. */
  owner: z.string().trim().min(1, 'Name the owner').max(120),
  /** Per partner tier id, the highest access level id a grant may give. */
  maxAccess: z.record(charterId, charterId),
  allowedCadences: z.array(cadenceSchema).min(1, 'Allow at least one cadence').max(6),
  permittedPurposes: z.array(purposeId).max(50),
  prohibitedPurposes: z.array(purposeId).max(50),
  /** Free-text uses the charter forbids beyond the purpose vocabulary. */
  prohibitedUses: z.array(z.string().trim().min(1).max(300)).max(50),
  retention: isoDurationSchema,
  legalBasis: legalBasisSchema,
  maxGrantDuration: isoDurationSchema,
});
export type DataCategory = z.infer<typeof dataCategorySchema>;

export const charterPartySchema = z.strictObject({
  name,
  role: z.enum(['lead', 'partner']),
  contact: z.string().trim().max(200),
});

export const charterClauseSchema = z.strictObject({
  id: charterId,
  title: name,
  text: z.string().trim().min(1, 'Write the clause').max(10_000),
});

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
}

/**
 * The content of one charter version. Besides each field's own rules, the parts must agree:
 * ids are unique, every category sets a maximum level for every tier from the levels defined,
 * purposes come from the vocabulary and none is both permitted and prohibited, and the next
 * review falls after the effective date.
 */
export const charterContentSchema = z
  .strictObject({
    title: name,
    accessLevels: z.array(accessLevelSchema).min(2, 'Define at least two access levels').max(12),
    partnerTiers: z.array(partnerTierSchema).min(1, 'Define at least one partner tier').max(12),
    purposes: z.array(purposeSchema).min(1).max(200),
    categories: z.array(dataCategorySchema).max(200),
    parties: z.array(charterPartySchema).min(1, 'Name at least one party').max(200),
    effectiveDate: isoDay,
    nextReviewDate: isoDay,
    clauses: z.array(charterClauseSchema).max(200),
  })
  .superRefine((charter, ctx) => {
    const issue = (path: (string | number)[], message: string) => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    const levels = new Set(charter.accessLevels.map((level) => level.id));
    const tiers = charter.partnerTiers.map((tier) => tier.id);
    const purposes = new Set(charter.purposes.map((purpose) => purpose.id));
    for (const [list, ids] of [
      ['accessLevels', charter.accessLevels.map((item) => item.id)],
      ['partnerTiers', tiers],
      ['purposes', charter.purposes.map((item) => item.id)],
      ['categories', charter.categories.map((item) => item.id)],
      ['clauses', charter.clauses.map((item) => item.id)],
    ] as const) {
      for (const id of duplicates(ids)) issue([list], `The id "${id}" is used twice`);
    }
    charter.categories.forEach((category, index) => {
      for (const tier of tiers) {
        const level = category.maxAccess[tier];
        if (level === undefined)
          issue(
            ['categories', index, 'maxAccess', tier],
            `Set the maximum level for tier "${tier}"`,
          );
        else if (!levels.has(level))
          issue(['categories', index, 'maxAccess', tier], `"${level}" is not an access level`);
      }
      for (const tier of Object.keys(category.maxAccess)) {
        if (!tiers.includes(tier))
          issue(['categories', index, 'maxAccess', tier], `"${tier}" is not a partner tier`);
      }
      for (const field of ['permittedPurposes', 'prohibitedPurposes'] as const) {
        category[field].forEach((purpose, at) => {
          if (!purposes.has(purpose))
            issue(
              ['categories', index, field, at],
              `"${purpose}" is not in the purpose vocabulary`,
            );
        });
      }
      for (const purpose of category.permittedPurposes) {
        if (category.prohibitedPurposes.includes(purpose)) {
          issue(
            ['categories', index, 'prohibitedPurposes'],
            `"${purpose}" is both permitted and prohibited`,
          );
        }
      }
      if (category.personalData && category.legalBasis === 'not-required') {
        issue(['categories', index, 'legalBasis'], 'Personal data needs a legal basis');
      }
    });
    if (charter.nextReviewDate <= charter.effectiveDate) {
      issue(['nextReviewDate'], 'The next review must come after the effective date');
    }
  });
export type CharterContent = z.infer<typeof charterContentSchema>;
