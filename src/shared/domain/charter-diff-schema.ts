import { z } from 'zod';

/** The parts of a charter a diff reports on, in reading order. */
export const charterSectionSchema = z.enum([
  'general',
  'accessLevels',
  'partnerTiers',
  'purposes',
  'categories',
  'parties',
  'clauses',
]);
export type CharterSection = z.infer<typeof charterSectionSchema>;

/** One field that changed, rendered for people: "Max access (Standard): Read → Aggregate". */
export const charterFieldChangeSchema = z.strictObject({
  field: z.string(),
  label: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type CharterFieldChange = z.infer<typeof charterFieldChangeSchema>;

export const charterChangeSchema = z.strictObject({
  kind: z.enum(['added', 'removed', 'changed', 'moved']),
  /** The item's stable id (category id, clause id, ...) or the field name for `general`. */
  key: z.string(),
  label: z.string(),
  details: z.array(charterFieldChangeSchema),
});
export type CharterChange = z.infer<typeof charterChangeSchema>;

export const charterDiffSchema = z.strictObject({
  from: z.number().int().min(1),
  to: z.number().int().min(1),
  sections: z.array(
    z.strictObject({
      section: charterSectionSchema,
      title: z.string(),
      changes: z.array(charterChangeSchema),
    }),
  ),
  /** Total changes across sections; 0 when the versions say the same thing. */
  changeCount: z.number().int().min(0),
});
export type CharterDiff = z.infer<typeof charterDiffSchema>;
