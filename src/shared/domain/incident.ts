import { z } from 'zod';
import {
  grantListingSchema,
  grantRecordSchema,
  grantStepKindSchema,
  stepReasonSchema,
} from './access';

/**
 * Incidents and escalations (issue 5, item 6): something went wrong with a partner, a dataset
 * or one grant. An incident is recorded, may be escalated (more than once, up the chain), and
 * is resolved; on the way it may suspend or revoke grants in its scope.
 */
export const incidentSeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);
export type IncidentSeverity = z.infer<typeof incidentSeveritySchema>;
export const incidentSeverityLabels: Record<IncidentSeverity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};
/** Lowest first: escalation may raise a severity to a later one, never lower it. */
export const incidentSeverities = incidentSeveritySchema.options;

export const incidentStatusSchema = z.enum(['open', 'escalated', 'resolved']);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;
export const incidentStatusLabels: Record<IncidentStatus, string> = {
  open: 'Open',
  escalated: 'Escalated',
  resolved: 'Resolved',
};

/**
 * What an incident is about. `ref` is, for a partner, the organisation's name as its principals
 * carry it; for a dataset, the dataset's id; for a grant, the grant's id.
 */
export const incidentSubjectKindSchema = z.enum(['partner', 'dataset', 'grant']);
export type IncidentSubjectKind = z.infer<typeof incidentSubjectKindSchema>;
export const incidentSubjectKindLabels: Record<IncidentSubjectKind, string> = {
  partner: 'Partner',
  dataset: 'Dataset',
  grant: 'Grant',
};

export const incidentSubjectSchema = z.strictObject({
  kind: incidentSubjectKindSchema,
  ref: z
    .string()
    .trim()
    .min(1, 'Name the partner, dataset or grant')
    .max(120, 'At most 120 characters'),
});
export type IncidentSubject = z.infer<typeof incidentSubjectSchema>;

const personName = (what: string) =>
  z.string().trim().min(1, `Name ${what}`).max(120, 'At most 120 characters');

/** What the person recording an incident fills in. */
export const incidentDraftSchema = z.strictObject({
  subject: incidentSubjectSchema,
  severity: incidentSeveritySchema,
  title: z.string().trim().min(1, 'Give the incident a title').max(200, 'At most 200 characters'),
  description: z
    .string()
    .trim()
    .min(1, 'Describe what happened')
    .max(4000, 'At most 4,000 characters'),
  /** Who reported it (a partner's contact, a monitoring alert); the member at the keyboard if absent. */
  reporter: personName('who reported it').optional(),
});
export type IncidentDraft = z.infer<typeof incidentDraftSchema>;
export type IncidentDraftInput = z.input<typeof incidentDraftSchema>;

/**
 * An escalation: to whom (a member's name or anyone outside the node, as free text), why, and
 * optionally a higher severity. An escalated incident can be escalated again, further up.
 */
export const incidentEscalationSchema = z.strictObject({
  to: personName('who it is escalated to'),
  note: z.string().trim().min(1, 'Say why it is escalated').max(2000, 'At most 2,000 characters'),
  /** The severity from now on; absent keeps it. Never lower than the current one. */
  severity: incidentSeveritySchema.optional(),
});
export type IncidentEscalation = z.infer<typeof incidentEscalationSchema>;

export const incidentResolutionSchema = z.strictObject({
  resolution: z
    .string()
    .trim()
    .min(1, 'Say how it was resolved')
    .max(4000, 'At most 4,000 characters'),
});

/** Suspending or revoking grants an incident is about, in one go. */
export const incidentGrantActionSchema = z.enum(['suspend', 'revoke']);
export type IncidentGrantAction = z.infer<typeof incidentGrantActionSchema>;
export const incidentGrantActionLabels: Record<IncidentGrantAction, string> = {
  suspend: 'Suspend',
  revoke: 'Revoke',
};

export const incidentGrantsInputSchema = z.strictObject({
  incidentId: z.string().min(1).max(64),
  grantIds: z
    .array(z.string().min(1).max(64))
    .min(1, 'Choose at least one grant')
    .max(500, 'At most 500 grants at a time')
    .refine((ids) => new Set(ids).size === ids.length, 'Each grant may be listed once'),
  action: incidentGrantActionSchema,
  reason: stepReasonSchema,
});
export type IncidentGrantsInput = z.infer<typeof incidentGrantsInputSchema>;

const stampSchema = z.strictObject({ by: z.string(), at: z.string() });

export const incidentRecordSchema = z.strictObject({
  id: z.string(),
  ownerNode: z.string(),
  title: z.string(),
  description: z.string(),
  severity: incidentSeveritySchema,
  status: incidentStatusSchema,
  subject: incidentSubjectSchema,
  /** The subject in words: the organisation, "bus-positions (Bus positions)", a grant's parties. */
  subjectLabel: z.string(),
  reporter: z.string(),
  recorded: stampSchema,
  /** The latest escalation; earlier ones are in the history. */
  escalated: stampSchema.extend({ to: z.string(), note: z.string() }).nullable(),
  resolved: stampSchema.extend({ resolution: z.string() }).nullable(),
  version: z.number().int().min(1),
});
export type IncidentRecord = z.infer<typeof incidentRecordSchema>;

export const incidentStepKindSchema = z.enum(['recorded', 'escalated', 'resolved']);
export type IncidentStepKind = z.infer<typeof incidentStepKindSchema>;
export const incidentStepKindLabels: Record<IncidentStepKind, string> = {
  recorded: 'Recorded',
  escalated: 'Escalated',
  resolved: 'Resolved',
};

/** One step of an incident's life; `step` is the incident's version after it. */
export const incidentStepSchema = z.strictObject({
  step: z.number().int().min(1),
  kind: incidentStepKindSchema,
  by: z.string(),
  at: z.string(),
  /** The severity once the step was taken (an escalation may raise it). */
  severity: incidentSeveritySchema,
  /** Whom an escalation went to. */
  to: z.string().nullable(),
  /** An escalation's note or the resolution. */
  note: z.string().nullable(),
});
export type IncidentStep = z.infer<typeof incidentStepSchema>;

/** A step this incident caused on a grant (grant_step rows whose source is the incident). */
export const incidentGrantStepSchema = z.strictObject({
  grantId: z.string(),
  kind: grantStepKindSchema,
  by: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
  principalName: z.string(),
  datasetIdentifier: z.string(),
});
export type IncidentGrantStep = z.infer<typeof incidentGrantStepSchema>;

/** An incident with its history, the grants its subject covers and what it did to them. */
export const incidentDetailSchema = z.strictObject({
  incident: incidentRecordSchema,
  history: z.array(incidentStepSchema),
  /** Live grants first (active, approved, suspended, requested), then the rest; capped. */
  grantsInScope: z.array(grantListingSchema),
  /** How many grants the subject covers, listed or not. */
  grantsInScopeTotal: z.number().int().min(0),
  grantSteps: z.array(incidentGrantStepSchema),
  /** The day grant statuses were computed for. */
  today: z.string(),
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const incidentListQuerySchema = z.strictObject({
  /** Statuses to keep (any of them); all when absent. */
  status: z.array(incidentStatusSchema).max(3).optional(),
  severity: z.array(incidentSeveritySchema).max(4).optional(),
  subject: z
    .strictObject({
      kind: incidentSubjectKindSchema,
      /** Absent: every incident about that kind of subject. */
      ref: z.string().min(1).max(120).optional(),
    })
    .optional(),
  limit: z.number().int().min(1).max(1000).default(500),
});
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;
export type IncidentListQueryInput = z.input<typeof incidentListQuerySchema>;

export const incidentListSchema = z.strictObject({
  /** Unresolved first, then by severity (highest first), then newest first. */
  rows: z.array(incidentRecordSchema),
  /** How many incidents match, listed or not. */
  total: z.number().int().min(0),
});
export type IncidentList = z.infer<typeof incidentListSchema>;

/** What the grants action did: each grant as it is now. */
export const incidentGrantsResultSchema = z.strictObject({
  action: incidentGrantActionSchema,
  grants: z.array(grantRecordSchema),
});

/** Unresolved incidents counted for the dashboard. */
export interface OpenIncidentSummary {
  open: number;
  escalated: number;
  bySeverity: Record<IncidentSeverity, number>;
}

/** The rank of a severity, for "never lower" and ordering. */
export function severityRank(severity: IncidentSeverity): number {
  return incidentSeverities.indexOf(severity);
}
