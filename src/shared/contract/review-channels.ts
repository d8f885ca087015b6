import { z } from 'zod';
import {
  campaignListSchema,
  campaignOpenSchema,
  campaignSummarySchema,
  reviewDecideSchema,
  reviewExportFormatSchema,
  reviewExportSchema,
  reviewItemDetailSchema,
  reviewItemPageSchema,
  reviewItemQuerySchema,
  reviewItemSchema,
} from '../domain/review';
import { channel } from './define';

const entityId = z.string().min(1).max(64);

/** Access review campaigns (issue 5, item 5); spread into the contract in channels.ts. */
export const reviewChannels = {
  /** Every campaign with its progress, open ones first. */
  'reviews.list': channel({ input: z.strictObject({}), output: campaignListSchema }),
  'reviews.get': channel({
    input: z.strictObject({ id: entityId }),
    output: campaignSummarySchema,
  }),
  /** One page of a campaign's items, filtered by decision state and words. */
  'reviews.items': channel({ input: reviewItemQuerySchema, output: reviewItemPageSchema }),
  /** One item with the grant as it is now. */
  'reviews.item': channel({
    input: z.strictObject({ campaignId: entityId, grantId: entityId }),
    output: reviewItemDetailSchema,
  }),
  /** Leads only; lists every grant live today in the scope. */
  'reviews.open': channel({
    input: campaignOpenSchema,
    output: campaignSummarySchema,
    mutates: true,
  }),
  /** The campaign's reviewers only; revoke and narrow change the grant in the same step. */
  'reviews.decide': channel({ input: reviewDecideSchema, output: reviewItemSchema, mutates: true }),
  /** Leads only; refused while any item is undecided. */
  'reviews.close': channel({
    input: z.strictObject({ id: entityId, expectedVersion: z.number().int().min(1) }),
    output: campaignSummarySchema,
    mutates: true,
  }),
  /** The evidence as CSV, or as JSON signed by this node's key (DSSE). */
  'reviews.export': channel({
    input: z.strictObject({ id: entityId, format: reviewExportFormatSchema }),
    output: reviewExportSchema,
    // CSV only reads, so a read-only workspace can export it. JSON signs a checkpoint for the
    // ledger's size when none exists yet; the workspace itself refuses that when read-only.
    mutates: false,
  }),
};
