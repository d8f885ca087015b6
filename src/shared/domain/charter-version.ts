import { z } from 'zod';
import { charterContentSchema } from './charter';

/**
 * draft → in review → approved → published → superseded. A draft is edited freely; review
 * can send it back to draft; a published version never changes again and a newer publication
 * supersedes it.
 */
export const charterStatusSchema = z.enum([
  'draft',
  'in_review',
  'approved',
  'published',
  'superseded',
]);
export type CharterStatus = z.infer<typeof charterStatusSchema>;
export const charterStatusLabels: Record<CharterStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  published: 'Published',
  superseded: 'Superseded',
};

/** Who did something to a version, and when. */
export const charterStampSchema = z.strictObject({ by: z.string(), at: z.string() });
export type CharterStamp = z.infer<typeof charterStampSchema>;

export const charterVersionSummarySchema = z.strictObject({
  id: z.string(),
  ownerNode: z.string(),
  /** 1, 2, 3, ... per owner node. */
  version: z.number().int().min(1),
  status: charterStatusSchema,
  title: z.string(),
  /** The version this one was started from, if any. */
  basedOn: z.number().int().min(1).nullable(),
  /** Bumped by every save, so a stale editor is refused rather than merged. */
  revision: z.number().int().min(1),
  created: charterStampSchema,
  /** Everyone who saved changes to the draft, the author first. */
  editors: z.array(z.string()),
  submitted: charterStampSchema.nullable(),
  approved: charterStampSchema.extend({ note: z.string() }).nullable(),
  published: charterStampSchema.nullable(),
  supersededAt: z.string().nullable(),
  /** Set when review sent the version back to draft; cleared when it is submitted again. */
  returned: charterStampSchema.extend({ reason: z.string() }).nullable(),
});
export type CharterVersionSummary = z.infer<typeof charterVersionSummarySchema>;

export const charterVersionSchema = charterVersionSummarySchema.extend({
  content: charterContentSchema,
});
export type CharterVersion = z.infer<typeof charterVersionSchema>;

/** Free-text notes that go with a lifecycle step and into the ledger. */
export const charterNoteSchema = z.string().trim().max(2000, 'At most 2,000 characters');

/** What the charter screen needs to decide which actions to offer. */
export const charterOverviewSchema = z.strictObject({
  versions: z.array(charterVersionSummarySchema),
  /** The version that governs the catalog: the published one, else null. */
  governingVersion: z.number().int().min(1).nullable(),
  /** The one version still being worked on (draft, in review or approved), if any. */
  openVersion: z.number().int().min(1).nullable(),
  /** Operators who may approve, and whether approval must come from someone else. */
  leads: z.array(z.string()),
  separateApprover: z.boolean(),
});
export type CharterOverview = z.infer<typeof charterOverviewSchema>;
