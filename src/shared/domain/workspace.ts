import { z } from 'zod';
import { errorCodes } from '../errors';
import { roleListSchema } from './roles';

const personOrOrgName = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(120, `${label} must be at most 120 characters`);

/** What a first start asks for: who runs this node. */
export const nodeSetupSchema = z.strictObject({
  organisation: personOrOrgName('Organisation'),
  operator: personOrOrgName('Operator name'),
  roles: roleListSchema,
});
export type NodeSetup = z.infer<typeof nodeSetupSchema>;
export type NodeSetupInput = z.input<typeof nodeSetupSchema>;

export const nodeIdentitySchema = z.strictObject({
  nodeId: z.string(),
  organisation: z.string(),
  operator: z.string(),
  roles: roleListSchema,
  createdAt: z.string(),
});
export type NodeIdentity = z.infer<typeof nodeIdentitySchema>;

/**
 * Why a workspace is open read-only: the operator asked for it, or its file or folder cannot
 * be written (file mode, read-only folder or medium).
 */
export const readOnlyReasonSchema = z.enum(['requested', 'storage']);
export type ReadOnlyReason = z.infer<typeof readOnlyReasonSchema>;

export const workspaceStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('absent'), path: z.string() }),
  /**
   * The workspace could not be opened (damaged, from a newer version, ...). Damaged files were
   * moved aside, never deleted; the app offers the latest verified backup.
   */
  z.strictObject({
    state: z.literal('recovery'),
    path: z.string(),
    problem: z.strictObject({ code: z.enum(errorCodes), message: z.string() }),
    /** Where the damaged files went (beside the workspace); empty when nothing was moved. */
    movedAside: z.array(z.string()),
    detectedAt: z.string(),
  }),
  z.strictObject({
    state: z.literal('open'),
    path: z.string(),
    schemaVersion: z.number().int(),
    readOnly: z.boolean(),
    readOnlyReason: readOnlyReasonSchema.optional(),
    node: nodeIdentitySchema,
    /** The member this session acts as: whose name changes carry and whose roles count. */
    actor: z.strictObject({ id: z.string(), name: z.string(), roles: roleListSchema }),
    /** Active members of the node, for the "acting as" switch. */
    members: z.number().int().min(0),
    counts: z.strictObject({
      datasets: z.number().int(),
      ledgerEntries: z.number().int(),
    }),
  }),
]);
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;
