import { z } from 'zod';
import { roleListSchema, roleSchema } from './roles';

/** Node ids are lowercase UUIDs (randomUUID at init); peers are named by them on disk and URL. */
export const nodeIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Expected a node id');

/** `SHA256:` and unpadded base64, as OpenSSH prints it; what operators read aloud. */
export const fingerprintSchema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'Expected a fingerprint such as SHA256:47DEQpj8…');

/** What a node says about itself in its identity card (signed by the node's own key). */
export const identityCardSchema = z
  .object({
    format: z.literal('concordat.identity/1'),
    nodeId: nodeIdSchema,
    organisation: z.string().min(1).max(200),
    operator: z.string().min(1).max(200),
    roles: roleListSchema,
    vkey: z.string().min(1).max(400),
    issuedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type IdentityCard = z.infer<typeof identityCardSchema>;

export const peerRelationshipSchema = z.enum(['partner', 'colleague']);
export type PeerRelationship = z.infer<typeof peerRelationshipSchema>;

/** How this node treats a peer: a partner at a tier, or a colleague node with roles. */
export const peerTermsSchema = z.discriminatedUnion('relationship', [
  z
    .object({
      relationship: z.literal('partner'),
      tier: z.string().min(1).max(100).nullable(),
    })
    .strict(),
  z
    .object({
      relationship: z.literal('colleague'),
      roles: z.array(roleSchema).max(4),
      /** Its published charter governs this node (at most one peer does). */
      governs: z.boolean(),
    })
    .strict(),
]);
export type PeerTerms = z.infer<typeof peerTermsSchema>;

export const peerStatusSchema = z.enum(['trusted', 'revoked']);

export const snapshotRecordKindSchema = z.enum([
  'charter',
  'dataset',
  'principal',
  'grant',
  'endorsement',
]);
export type SnapshotRecordKind = z.infer<typeof snapshotRecordKindSchema>;

/** One record in an import's diff, labelled for people (a title, not an id alone). */
export const diffItemSchema = z.object({
  kind: snapshotRecordKindSchema,
  id: z.string(),
  label: z.string(),
  /** For a changed record: the fields that changed. */
  fields: z.array(z.string()).optional(),
});
export type DiffItem = z.infer<typeof diffItemSchema>;

/** What an import changed. The lists hold the first items only; the counts are exact. */
export const snapshotDiffSchema = z.object({
  added: z.array(diffItemSchema),
  changed: z.array(diffItemSchema),
  removed: z.array(diffItemSchema),
  counts: z.object({ added: z.number(), changed: z.number(), removed: z.number() }),
});
export type SnapshotDiff = z.infer<typeof snapshotDiffSchema>;

export const snapshotExchangeSchema = z.object({
  version: z.number(),
  digest: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
});

export const peerSummarySchema = z.object({
  nodeId: z.string(),
  organisation: z.string(),
  operator: z.string(),
  fingerprint: z.string(),
  relationship: peerRelationshipSchema,
  tier: z.string().nullable(),
  roles: z.array(roleSchema),
  governs: z.boolean(),
  status: peerStatusSchema,
  addedAt: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  lastSent: snapshotExchangeSchema.nullable(),
  lastReceived: snapshotExchangeSchema.extend({ importedAt: z.string() }).nullable(),
  /** The last snapshot received has passed its expiry: what it holds is shown "as of". */
  stale: z.boolean(),
  replicaCounts: z.partialRecord(snapshotRecordKindSchema, z.number()),
  alarms: z.number(),
});
export type PeerSummary = z.infer<typeof peerSummarySchema>;

/** The result of importing one snapshot bundle. */
export const snapshotImportResultSchema = z.object({
  status: z.enum(['imported', 'already-imported']),
  peer: z.string(),
  organisation: z.string(),
  version: z.number(),
  digest: z.string(),
  diff: snapshotDiffSchema.nullable(),
});
export type SnapshotImportResult = z.infer<typeof snapshotImportResultSchema>;
