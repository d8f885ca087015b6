import { z } from 'zod';
import { roleListSchema } from './roles';

/** Someone who operates this node; several people may share one (a small organisation). */
export const memberSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  roles: roleListSchema,
  active: z.boolean(),
  addedAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const newMemberSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Name is required')
    .max(120, 'Name must be at most 120 characters'),
  roles: roleListSchema,
});
export type NewMember = z.infer<typeof newMemberSchema>;

export const memberListSchema = z.strictObject({
  members: z.array(memberSchema),
  /** The member this session acts as. */
  actingId: z.string(),
});
export type MemberList = z.infer<typeof memberListSchema>;
