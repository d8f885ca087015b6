import { z } from 'zod';
import { isoDayNumber, isoDayPattern, isoDaySchema } from './iso-day';
import { accessLevelSchema, legalBasisSchema, partnerTierSchema, purposeSchema } from './charter';

/**
 * Who access is granted to: a role of a partner organisation ("Acme analysts", "Acme
 * integration service") or an internal role of the lead organisation.
 */
export const principalKindSchema = z.enum(['partner-role', 'internal-role']);
export type PrincipalKind = z.infer<typeof principalKindSchema>;
export const principalKindLabels: Record<PrincipalKind, string> = {
  'partner-role': 'Partner role',
  'internal-role': 'Internal role',
};

const shortText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Name the ${what}`)
    .max(120, `The ${what} must be at most 120 characters`);

export const principalSchema = z.strictObject({
  id: z.string().min(1).max(64),
  kind: principalKindSchema,
  name: shortText('role'),
  /** The organisation the role belongs to; for an internal role, the lead organisation. */
  organisation: shortText('organisation'),
  /**
   * A partner tier id of the governing charter. The charter's maxima are set per tier, so an
   * internal role names a tier too: the policy refuses any principal without one rather than
   * guess how far it may go (fail closed).
   */
  tier: partnerTierSchema.shape.id.nullable(),
  /** The legal bases on record for this principal (GDPR Art. 6), e.g. a signed contract. */
  legalBases: z
    .array(legalBasisSchema)
    .max(legalBasisSchema.options.length)
    .refine((bases) => new Set(bases).size === bases.length, 'Each basis may be listed once'),
});
export type Principal = z.infer<typeof principalSchema>;

export { isoDayNumber };

const isoDay = isoDaySchema;

/** What a steward asks for; the policy engine decides it against the charter. */
export const grantRequestSchema = z.strictObject({
  principalId: z.string().min(1, 'Choose a principal').max(64),
  datasetId: z.string().min(1, 'Choose a dataset').max(64),
  /** An access level id of the charter. */
  level: accessLevelSchema.shape.id,
  /** A purpose id of the charter's vocabulary (a DPV term or the node's own). */
  purpose: purposeSchema.shape.id,
  /** The day access begins. */
  start: isoDay,
  /**
   * The day access ends: a grant lasts `until − start` days. Every category caps how long its
   * grants last, so the policy refuses a request without one; null lets a form be half filled.
   */
  until: isoDay.nullable(),
  justification: z
    .string()
    .trim()
    .min(1, 'Say why the access is needed')
    .max(2000, 'At most 2,000 characters'),
});
export type GrantRequest = z.infer<typeof grantRequestSchema>;
export type GrantRequestInput = z.input<typeof grantRequestSchema>;

/**
 * requested → approved → active → expired | revoked. An incident can suspend an active grant;
 * a suspended one is reinstated, revoked or runs out.
 */
export const grantStatusSchema = z.enum([
  'requested',
  'approved',
  'active',
  'suspended',
  'expired',
  'revoked',
]);
export type GrantStatus = z.infer<typeof grantStatusSchema>;
export const grantStatusLabels: Record<GrantStatus, string> = {
  requested: 'Requested',
  approved: 'Approved',
  active: 'Active',
  suspended: 'Suspended',
  expired: 'Expired',
  revoked: 'Revoked',
};

/**
 * The checks the policy engine makes, in the order it reports them. Stable ids: tests, the
 * explain panel, the CLI's JSON and filters refer to them.
 */
export const policyRuleSchema = z.enum([
  'charter.published',
  'term.known',
  'principal.tier_assigned',
  'dataset.active',
  'level.grants_access',
  'level.within_tier_maximum',
  'write.pusher_only',
  'purpose.permitted',
  'purpose.not_prohibited',
  'validity.start_not_past',
  'validity.until_after_start',
  'duration.within_maximum',
  'legal_basis.present',
]);
export type PolicyRule = z.infer<typeof policyRuleSchema>;
export const policyRuleLabels: Record<PolicyRule, string> = {
  'charter.published': 'A charter governs',
  'term.known': 'Every term is known',
  'principal.tier_assigned': 'The principal has a tier',
  'dataset.active': 'The dataset is active',
  'level.grants_access': 'The level grants access',
  'level.within_tier_maximum': "Level within the tier's maximum",
  'write.pusher_only': 'Write access only for pushers',
  'purpose.permitted': 'Purpose permitted',
  'purpose.not_prohibited': 'Purpose not prohibited',
  'validity.start_not_past': 'Starts today or later',
  'validity.until_after_start': 'Ends after it starts',
  'duration.within_maximum': "Duration within the category's maximum",
  'legal_basis.present': 'Legal basis present',
};

/** The part of the request a reason is about, so a form can show it next to the field. */
export const policyFieldSchema = z.enum([
  'charter',
  'principal',
  'dataset',
  'level',
  'purpose',
  'start',
  'until',
]);
export type PolicyField = z.infer<typeof policyFieldSchema>;

export const policyReasonSchema = z.strictObject({
  rule: policyRuleSchema,
  outcome: z.enum(['pass', 'fail']),
  field: policyFieldSchema,
  message: z.string(),
});
export type PolicyReason = z.infer<typeof policyReasonSchema>;

/** Deny exactly when a reason fails; every check is listed, passed or failed. */
export const policyDecisionSchema = z.strictObject({
  decision: z.enum(['allow', 'deny']),
  reasons: z.array(policyReasonSchema),
});
export type PolicyDecision = z.infer<typeof policyDecisionSchema>;

/** What a steward sets on a principal; the id is the workspace's to choose. */
export const principalFieldsSchema = principalSchema.omit({ id: true });
export type PrincipalFields = z.infer<typeof principalFieldsSchema>;
export type PrincipalFieldsInput = z.input<typeof principalFieldsSchema>;

/** A principal as stored: the policy's Principal plus ownership and versioning. */
export const principalRecordSchema = principalSchema.extend({
  ownerNode: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().min(1),
});
export type PrincipalRecord = z.infer<typeof principalRecordSchema>;

/** A lifecycle step someone took: who, and when. */
export const grantStampSchema = z.strictObject({ by: z.string(), at: z.string() });
export type GrantStamp = z.infer<typeof grantStampSchema>;

/** What the table stores; `active` and `expired` are never stored (they follow from dates). */
export const storedGrantStatusSchema = z.enum(['requested', 'approved', 'suspended', 'revoked']);
export type StoredGrantStatus = z.infer<typeof storedGrantStatusSchema>;

export const grantRecordSchema = z.strictObject({
  id: z.string(),
  ownerNode: z.string(),
  principalId: z.string(),
  datasetId: z.string(),
  level: z.string(),
  purpose: z.string(),
  /** YYYY-MM-DD: the first day of access. */
  start: z.string(),
  /** YYYY-MM-DD: the day access ends (the first day without it). */
  until: z.string().nullable(),
  justification: z.string(),
  storedStatus: storedGrantStatusSchema,
  /** The lifecycle status on `today`: stored steps plus what the dates imply. */
  status: grantStatusSchema,
  requested: grantStampSchema,
  approved: grantStampSchema.nullable(),
  revoked: grantStampSchema.extend({ reason: z.string() }).nullable(),
  version: z.number().int().min(1),
});
export type GrantRecord = z.infer<typeof grantRecordSchema>;

/** A grant as listed: with the policy's verdict on it under the governing charter today. */
export const grantListingSchema = grantRecordSchema.extend({
  principalName: z.string(),
  datasetIdentifier: z.string(),
  policy: z.strictObject({
    decision: policyDecisionSchema.shape.decision,
    failed: z.array(policyReasonSchema),
  }),
});
export type GrantListing = z.infer<typeof grantListingSchema>;

/** The orders the grants table offers; each is served by walking an index. */
export const grantSortFieldSchema = z.enum([
  'untilDay',
  'requestedAt',
  'datasetIdentifier',
  'principalName',
]);
export type GrantSortField = z.infer<typeof grantSortFieldSchema>;

/** One page of the grants table: filters, order, window. */
export const grantListQuerySchema = z.strictObject({
  grantId: z.string().min(1).max(64).optional(),
  principalId: z.string().min(1).max(64).optional(),
  datasetId: z.string().min(1).max(64).optional(),
  /** Words matched against the principal's name and organisation and the dataset's identifier and title. */
  search: z.string().trim().max(200).optional(),
  /** Keep grants that end on or before this day (the dashboard's "expiring in 30 days"). */
  untilBy: z.string().regex(isoDayPattern, 'Use a date like 2026-11-23').optional(),
  /** Keep only grants the governing charter no longer allows (the policy denies them). */
  outOfBounds: z.boolean().optional(),
  /** Derived statuses to keep (any of them); all when absent. */
  status: z.array(grantStatusSchema).max(grantStatusSchema.options.length).optional(),
  sort: z
    .strictObject({ field: grantSortFieldSchema, direction: z.enum(['asc', 'desc']) })
    .default({ field: 'requestedAt', direction: 'asc' }),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type GrantListQuery = z.infer<typeof grantListQuerySchema>;
export type GrantListQueryInput = z.input<typeof grantListQuerySchema>;

export const grantPageSchema = z.strictObject({
  rows: z.array(grantListingSchema),
  /** How many grants match the filters. */
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  /** The day statuses and verdicts were computed for. */
  today: z.string(),
});
export type GrantPage = z.infer<typeof grantPageSchema>;

/** What explain takes: a request not written, so the start defaults to today and no reason is needed. */
export const grantExplainSchema = grantRequestSchema
  .omit({ start: true, justification: true })
  .extend({ start: isoDay.optional() });
export type GrantExplainInput = z.input<typeof grantExplainSchema>;

/** What re-judging a stored grant needs of it; the justification does not affect the verdict. */
export type GrantTerms = Omit<GrantRequest, 'justification'> & { justification?: string };

/**
 * The request a stored grant amounts to, and the day to judge it as of. A grant is judged as
 * of its start day once that has come (access granted then was not granted "in the past"),
 * so what a re-evaluation can change is everything the charter and the records decide.
 */
export function requestOfGrant(grant: GrantTerms, today: string) {
  const request: GrantRequest = {
    principalId: grant.principalId,
    datasetId: grant.datasetId,
    level: grant.level,
    purpose: grant.purpose,
    start: grant.start,
    until: grant.until,
    justification: grant.justification ?? '',
  };
  return { request, asOf: grant.start < today ? grant.start : today };
}

/** What caused a grant's step, when it was not a steward acting on the grant alone. */
export const grantStepSourceSchema = z.strictObject({
  kind: z.enum(['incident', 'review', 'charter']),
  id: z.string().min(1).max(64),
});
export type GrantStepSource = z.infer<typeof grantStepSourceSchema>;

export const grantStepKindSchema = z.enum([
  'requested',
  'approved',
  'suspended',
  'reinstated',
  'narrowed',
  'revoked',
]);
export type GrantStepKind = z.infer<typeof grantStepKindSchema>;
export const grantStepKindLabels: Record<GrantStepKind, string> = {
  requested: 'Requested',
  approved: 'Approved',
  suspended: 'Suspended',
  reinstated: 'Reinstated',
  narrowed: 'Narrowed',
  revoked: 'Revoked',
};

const grantTermsSnapshot = z.strictObject({ level: z.string(), until: z.string().nullable() });

/** One step of a grant's life, oldest first; `step` is the grant's version after it. */
export const grantStepSchema = z.strictObject({
  step: z.number().int().min(1),
  kind: grantStepKindSchema,
  by: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
  narrowed: z.strictObject({ from: grantTermsSnapshot, to: grantTermsSnapshot }).nullable(),
  source: grantStepSourceSchema.nullable(),
});
export type GrantStep = z.infer<typeof grantStepSchema>;

/** A grant with its verdict under the governing charter and every step it went through. */
export const grantDetailSchema = z.strictObject({
  grant: grantListingSchema,
  decision: policyDecisionSchema,
  history: z.array(grantStepSchema),
});
export type GrantDetail = z.infer<typeof grantDetailSchema>;

/** A reason for a step on a grant, as every boundary takes it. */
export const stepReasonSchema = z
  .string()
  .trim()
  .min(1, 'Say why')
  .max(2000, 'At most 2,000 characters');

/**
 * Narrowing: a lower level and/or an earlier end day. At least one must change, and neither
 * may widen the grant (checked against the grant in the command layer).
 */
export const grantNarrowingSchema = z.strictObject({
  level: accessLevelSchema.shape.id,
  until: isoDay,
  reason: stepReasonSchema,
});
export type GrantNarrowing = z.infer<typeof grantNarrowingSchema>;
