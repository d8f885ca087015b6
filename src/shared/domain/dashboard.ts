import { z } from 'zod';
import { incidentSeveritySchema } from './incident';
import { campaignStatusSchema } from './review';

const count = z.number().int().min(0);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The statuses a live grant (neither revoked nor expired) can have on a given day. */
export const liveGrantStatusSchema = z.enum(['requested', 'approved', 'active', 'suspended']);
export type LiveGrantStatus = z.infer<typeof liveGrantStatusSchema>;

/** How many days ahead "expiring soon" looks. */
export const EXPIRING_WITHIN_DAYS = 30;
/** How many of the soonest-expiring grants the dashboard names. */
export const SOONEST_EXPIRING_SHOWN = 5;

export const expiringGrantSchema = z.strictObject({
  id: z.string(),
  principalName: z.string(),
  organisation: z.string(),
  datasetIdentifier: z.string(),
  until: isoDay,
});
export type ExpiringGrant = z.infer<typeof expiringGrantSchema>;

export const grantFiguresSchema = z.strictObject({
  expiring: z.strictObject({
    /** The last end day counted: today + EXPIRING_WITHIN_DAYS (the access list's `untilBy`). */
    untilBy: isoDay,
    /** Active or approved grants that end after today and no later than `untilBy`. */
    count,
    soonest: z.array(expiringGrantSchema).max(SOONEST_EXPIRING_SHOWN),
  }),
  /** Live grants the governing charter denies (all of them when no charter governs). */
  outOfBounds: count,
  byStatus: z.record(liveGrantStatusSchema, count),
});
export type GrantFigures = z.infer<typeof grantFiguresSchema>;

/** Datasets filed under one category id: a category of the charter, or one it does not know. */
export const categoryFigureSchema = z.strictObject({
  id: z.string(),
  /** The charter's name for it; the id itself for a category the charter does not define. */
  name: z.string(),
  inCharter: z.boolean(),
  datasets: count,
  /** Of those, the datasets that break a rule of the governing charter. */
  withFindings: count,
});
export type CategoryFigure = z.infer<typeof categoryFigureSchema>;

export const catalogFiguresSchema = z.strictObject({
  total: count,
  withFindings: count,
  /** The charter's categories in its order (empty ones too), then ids it does not define. */
  categories: z.array(categoryFigureSchema),
});
export type CatalogFigures = z.infer<typeof catalogFiguresSchema>;

export const tierFigureSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  inCharter: z.boolean(),
  /** Distinct partner organisations with at least one role in this tier. */
  partners: count,
});
export type TierFigure = z.infer<typeof tierFigureSchema>;

export const partnerFiguresSchema = z.strictObject({
  /** Distinct partner organisations, whatever their tiers. */
  total: count,
  /** The charter's tiers in its order (empty ones too), then tier ids it does not define. */
  tiers: z.array(tierFigureSchema),
  /** Organisations with a partner role that has no tier yet (the policy refuses those). */
  noTier: count,
});
export type PartnerFigures = z.infer<typeof partnerFiguresSchema>;

export const campaignProgressFigureSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  dueDay: isoDay,
  status: campaignStatusSchema,
  /** Grants in the campaign's scope, how many are decided, and how many are undecided past due. */
  total: count,
  decided: count,
  overdue: count,
});
export type CampaignProgressFigure = z.infer<typeof campaignProgressFigureSchema>;

export const reviewFiguresSchema = z.strictObject({
  /** Open campaigns, soonest due first. */
  campaigns: z.array(campaignProgressFigureSchema),
});
export type ReviewFigures = z.infer<typeof reviewFiguresSchema>;

export const incidentFiguresSchema = z.strictObject({
  open: count,
  escalated: count,
  /** Unresolved (open or escalated) incidents per severity. */
  bySeverity: z.record(incidentSeveritySchema, count),
});
export type IncidentFigures = z.infer<typeof incidentFiguresSchema>;

export const dashboardSummarySchema = z.strictObject({
  /** The day the figures are computed for (UTC), so the renderer builds links for that day. */
  today: isoDay,
  /** The governing charter, or null before the first publication. */
  charter: z.strictObject({ version: z.number().int().min(1), title: z.string() }).nullable(),
  grants: grantFiguresSchema,
  reviews: reviewFiguresSchema,
  incidents: incidentFiguresSchema,
  catalog: catalogFiguresSchema,
  partners: partnerFiguresSchema,
});
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;
