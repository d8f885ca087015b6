import { z } from 'zod';
import { grantNarrowingSchema, grantRecordSchema, stepReasonSchema } from './access';
import { isoDaySchema } from './iso-day';
import { dataCategorySchema } from './charter';

/**
 * Access reviews (issue 5, item 5): a campaign lists every live grant in its scope; its
 * reviewers decide keep, revoke or narrow for each, with a justification.
 */

const isoDay = isoDaySchema;
const entityId = z.string().min(1).max(64);

/** Which grants a campaign reviews: all, one partner organisation's, or one category's. */
export const reviewScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({
    kind: z.literal('partner'),
    /** The organisation's name, as principals record it. */
    value: z.string().trim().min(1, 'Choose a partner').max(120),
  }),
  z.strictObject({
    kind: z.literal('category'),
    /** A data category id of the governing charter. */
    value: dataCategorySchema.shape.id,
  }),
]);
export type ReviewScope = z.infer<typeof reviewScopeSchema>;
export type ReviewScopeKind = ReviewScope['kind'];
export const reviewScopeKindLabels: Record<ReviewScopeKind, string> = {
  all: 'All grants',
  partner: 'One partner',
  category: 'One data category',
};

/** The reviewers' names: members holding the lead or steward role, each listed once. */
const reviewerList = z
  .array(z.string().trim().min(1).max(120))
  .min(1, 'Choose at least one reviewer')
  .max(50, 'At most 50 reviewers')
  .refine((names) => new Set(names).size === names.length, 'Each reviewer may be listed once');

/** What a lead sets when opening a campaign. */
export const campaignOpenSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the campaign').max(120, 'At most 120 characters'),
  scope: reviewScopeSchema,
  /** The day decisions are due; items still undecided after it are overdue. */
  dueDay: isoDay,
  reviewers: reviewerList,
});
export type CampaignOpen = z.infer<typeof campaignOpenSchema>;
export type CampaignOpenInput = z.input<typeof campaignOpenSchema>;

export const reviewDecisionSchema = z.enum(['keep', 'revoke', 'narrow']);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
export const reviewDecisionLabels: Record<ReviewDecision, string> = {
  keep: 'Keep',
  revoke: 'Revoke',
  narrow: 'Narrow',
};

const decisionBase = {
  campaignId: entityId,
  grantId: entityId,
  /** Why: recorded with the decision and, for revoke or narrow, as the grant step's reason. */
  justification: stepReasonSchema,
};

/** A reviewer's decision on one item; narrowing names the lower level and/or earlier end day. */
export const reviewDecideSchema = z.discriminatedUnion('decision', [
  z.strictObject({ ...decisionBase, decision: z.literal('keep') }),
  z.strictObject({ ...decisionBase, decision: z.literal('revoke') }),
  z.strictObject({
    ...decisionBase,
    decision: z.literal('narrow'),
    level: grantNarrowingSchema.shape.level,
    until: grantNarrowingSchema.shape.until,
  }),
]);
export type ReviewDecide = z.infer<typeof reviewDecideSchema>;
export type ReviewDecideInput = z.input<typeof reviewDecideSchema>;

const stampSchema = z.strictObject({ by: z.string(), at: z.string() });

/** How far a campaign has got. `overdue`: items still undecided once the due day has passed. */
export const reviewProgressSchema = z.strictObject({
  total: z.number().int().min(0),
  decided: z.number().int().min(0),
  undecided: z.number().int().min(0),
  byDecision: z.strictObject({
    keep: z.number().int().min(0),
    revoke: z.number().int().min(0),
    narrow: z.number().int().min(0),
  }),
  overdue: z.number().int().min(0),
});
export type ReviewProgress = z.infer<typeof reviewProgressSchema>;

export const campaignStatusSchema = z.enum(['open', 'closed']);
export type CampaignStatus = z.infer<typeof campaignStatusSchema>;

export const campaignSummarySchema = z.strictObject({
  id: z.string(),
  ownerNode: z.string(),
  name: z.string(),
  scope: reviewScopeSchema,
  /** The scope in words ("Acme", "Commercial data", "All grants"). */
  scopeLabel: z.string(),
  /** The day the campaign listed the grants live then. */
  asOfDay: z.string(),
  dueDay: z.string(),
  reviewers: z.array(z.string()),
  status: campaignStatusSchema,
  created: stampSchema,
  closed: stampSchema.nullable(),
  version: z.number().int().min(1),
  progress: reviewProgressSchema,
});
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;

export const campaignListSchema = z.strictObject({
  /** The day overdue counts were computed for. */
  today: z.string(),
  campaigns: z.array(campaignSummarySchema),
});
export type CampaignList = z.infer<typeof campaignListSchema>;

const termsSchema = z.strictObject({ level: z.string(), until: z.string().nullable() });

/** One grant under review: its terms when the campaign opened, and the decision if any. */
export const reviewItemSchema = z.strictObject({
  campaignId: z.string(),
  position: z.number().int().min(1),
  grantId: z.string(),
  principalId: z.string(),
  /** Null when the principal is not in this workspace (the grant is listed all the same). */
  principalName: z.string().nullable(),
  organisation: z.string().nullable(),
  datasetId: z.string(),
  datasetIdentifier: z.string().nullable(),
  datasetTitle: z.string().nullable(),
  level: z.string(),
  purpose: z.string(),
  until: z.string().nullable(),
  decision: reviewDecisionSchema.nullable(),
  justification: z.string().nullable(),
  /** The terms a narrowing set. */
  narrowed: termsSchema.nullable(),
  decided: stampSchema.nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** Which items to list: by decision state, one decision, and words to match. */
export const reviewItemStateSchema = z.enum(['all', 'undecided', 'decided']);
export type ReviewItemState = z.infer<typeof reviewItemStateSchema>;

export const reviewItemQuerySchema = z.strictObject({
  campaignId: entityId,
  state: reviewItemStateSchema.default('all'),
  /** Only items with this decision (implies decided). */
  decision: reviewDecisionSchema.optional(),
  /** Words matched against the principal, organisation, dataset identifier or title, grant id. */
  search: z.string().trim().max(200).optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ReviewItemQuery = z.infer<typeof reviewItemQuerySchema>;
export type ReviewItemQueryInput = z.input<typeof reviewItemQuerySchema>;

export const reviewItemPageSchema = z.strictObject({
  rows: z.array(reviewItemSchema),
  /** How many items match the filters. */
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
});
export type ReviewItemPage = z.infer<typeof reviewItemPageSchema>;

/** One item with the grant as it is now (the review may have revoked or narrowed it since). */
export const reviewItemDetailSchema = z.strictObject({
  item: reviewItemSchema,
  campaign: campaignSummarySchema,
  grant: grantRecordSchema.nullable(),
});
export type ReviewItemDetail = z.infer<typeof reviewItemDetailSchema>;

export const reviewExportFormatSchema = z.enum(['csv', 'json']);
export type ReviewExportFormat = z.infer<typeof reviewExportFormatSchema>;

/** A campaign's evidence as a file: CSV for spreadsheets, or a signed JSON document (DSSE). */
export const reviewExportSchema = z.strictObject({ fileName: z.string(), content: z.string() });
export type ReviewExport = z.infer<typeof reviewExportSchema>;

/** The DSSE payload type of a campaign's signed evidence. */
export const REVIEW_EVIDENCE_PAYLOAD_TYPE =
  'application/vnd.concordat.review-evidence+json; version=1';
