import { z } from 'zod';
import { grantStatusSchema, principalKindSchema } from '../domain/access';
import { charterStatusSchema } from '../domain/charter-version';
import { datasetStatusSchema, sensitivitySchema } from '../domain/dataset';
import { roleSchema } from '../domain/roles';
import {
  nodeIdSchema,
  peerSummarySchema,
  peerTermsSchema,
  snapshotDiffSchema,
  snapshotImportResultSchema,
  snapshotRecordKindSchema,
} from '../domain/sync';
import { channel } from './define';

/** An identity card is a few hundred bytes; main refuses anything over this (CARD_INVALID). */
export const MAX_CARD_CHARS = 64 * 1024;
/** The largest snapshot bundle a node imports or a transport carries (64 MiB, compressed). */
export const MAX_SNAPSHOT_BUNDLE_BYTES = 64 * 1024 * 1024;
/** The same bundle as standard padded base64, as the contract carries it (about 89.5 MB). */
export const MAX_SNAPSHOT_BUNDLE_BASE64 = Math.ceil(MAX_SNAPSHOT_BUNDLE_BYTES / 3) * 4;

const peerRef = z.strictObject({ nodeId: nodeIdSchema });
const reasonSchema = z
  .string()
  .trim()
  .min(1, 'Say why the peer is revoked')
  .max(2000, 'Keep the reason under 2,000 characters');

/** What a card says about its node, read and verified by main before anyone trusts it. */
export const cardPreviewSchema = z.object({
  nodeId: z.string(),
  organisation: z.string(),
  operator: z.string(),
  roles: z.array(roleSchema),
  issuedAt: z.string(),
  fingerprint: z.string(),
  /** The card is this node's own. */
  isSelf: z.boolean(),
  /** The node is already a peer (trusted or revoked), or null. */
  existing: z.enum(['trusted', 'revoked']).nullable(),
});
export type CardPreview = z.infer<typeof cardPreviewSchema>;

export const nodeCardSchema = z.object({
  nodeId: z.string(),
  organisation: z.string(),
  operator: z.string(),
  fingerprint: z.string(),
  /** The signed card file's text (a DSSE envelope), to save and hand to peers. */
  card: z.string(),
  fileName: z.string(),
});
export type NodeCard = z.infer<typeof nodeCardSchema>;

/** Transport settings as the form sends them; the secret is write-only. */
export const transportInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    nodeId: nodeIdSchema,
    kind: z.literal('folder'),
    path: z.string().trim().min(1, 'Give the shared folder’s full path').max(1024),
  }),
  z.strictObject({
    nodeId: nodeIdSchema,
    kind: z.literal('webdav'),
    baseUrl: z.string().trim().min(1, 'Give the WebDAV folder’s URL').max(2048),
    authKind: z.enum(['none', 'basic', 'bearer']),
    username: z.string().trim().min(1).max(200).optional(),
    /** Password (basic) or token (bearer); omitted keeps the one stored. */
    secret: z.string().min(1).max(4096).optional(),
  }),
]);
export type TransportInput = z.input<typeof transportInputSchema>;

/** What may be shown of a peer's transport: never the secret, only whether one is stored. */
export const transportViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string(), updatedAt: z.string() }),
  z.object({
    kind: z.literal('webdav'),
    baseUrl: z.string(),
    authKind: z.enum(['none', 'basic', 'bearer']),
    username: z.string().nullable(),
    hasSecret: z.boolean(),
    updatedAt: z.string(),
  }),
]);
export type TransportView = z.infer<typeof transportViewSchema>;

export const outboxViewSchema = z.object({
  pending: z.number(),
  oldestPendingAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastError: z
    .object({ code: z.string(), message: z.string(), at: z.string().nullable() })
    .nullable(),
  lastSentAt: z.string().nullable(),
});
export type OutboxView = z.infer<typeof outboxViewSchema>;

export const receivedSnapshotSchema = z.object({
  version: z.number(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  importedAt: z.string(),
  counts: z.object({ added: z.number(), changed: z.number(), removed: z.number() }),
});
export type ReceivedSnapshot = z.infer<typeof receivedSnapshotSchema>;

export const peerDetailSchema = z.object({
  summary: peerSummarySchema,
  /** Every key trusted for the peer, the current one first. */
  keys: z.array(
    z.object({
      fingerprint: z.string(),
      trustedAt: z.string(),
      retiredAt: z.string().nullable(),
    }),
  ),
  lastImport: z
    .object({
      version: z.number(),
      issuedAt: z.string(),
      importedAt: z.string(),
      diff: snapshotDiffSchema,
    })
    .nullable(),
  /** The newest snapshots received first (at most 100); `receivedTotal` counts them all. */
  received: z.array(receivedSnapshotSchema),
  receivedTotal: z.number(),
  alarms: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      detail: z.string(),
      evidence: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
      raisedAt: z.string(),
    }),
  ),
  transport: transportViewSchema.nullable(),
  outbox: outboxViewSchema.nullable(),
});
export type PeerDetail = z.infer<typeof peerDetailSchema>;

/** One replica, labelled for display; the fields a kind has are its own. */
export const replicaItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('charter'),
    id: z.string(),
    version: z.number(),
    title: z.string(),
    status: charterStatusSchema,
    publishedAt: z.string().nullable(),
    /** This node's endorsement of the version, once given. */
    endorsement: z.object({ at: z.string(), by: z.string(), note: z.string() }).nullable(),
  }),
  z.object({
    kind: z.literal('dataset'),
    id: z.string(),
    identifier: z.string(),
    title: z.string(),
    category: z.string(),
    sensitivity: sensitivitySchema,
    status: datasetStatusSchema,
    updatedAt: z.string(),
  }),
  z.object({
    kind: z.literal('principal'),
    id: z.string(),
    name: z.string(),
    organisation: z.string(),
    principalKind: principalKindSchema,
    tier: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('grant'),
    id: z.string(),
    principal: z.string(),
    dataset: z.string(),
    level: z.string(),
    purpose: z.string(),
    status: grantStatusSchema,
    start: z.string(),
    until: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('endorsement'),
    id: z.string(),
    charterVersion: z.number(),
    endorsedBy: z.string(),
    endorsedAt: z.string(),
    note: z.string(),
  }),
]);
export type ReplicaItem = z.infer<typeof replicaItemSchema>;

export const replicaPageSchema = z.object({
  peer: z.string(),
  organisation: z.string(),
  /** When the peer issued the snapshot these replicas are as of; null before any import. */
  asOf: z.string().nullable(),
  stale: z.boolean(),
  kind: snapshotRecordKindSchema,
  total: z.number(),
  offset: z.number(),
  rows: z.array(replicaItemSchema),
});
export type ReplicaPage = z.infer<typeof replicaPageSchema>;

/** One sync round: what each peer with a transport was sent and what came back from it. */
export const syncReportSchema = z.object({
  peers: z.array(
    z.object({
      peer: z.string(),
      organisation: z.string(),
      /** The version queued for the peer in this round, when anything had changed. */
      published: z.number().nullable(),
      imported: z.array(snapshotImportResultSchema),
      /** Why receiving from the peer stopped early (a refused snapshot, a server down). */
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
  delivery: z.object({
    sent: z.number(),
    failed: z.number(),
    errors: z.array(
      z.object({ peerId: z.string(), version: z.number(), code: z.string(), message: z.string() }),
    ),
  }),
});
export type SyncReport = z.infer<typeof syncReportSchema>;

export const endorsementOverviewSchema = z.object({
  publishedVersion: z.number().nullable(),
  partners: z.array(
    z.object({
      peer: z.string(),
      organisation: z.string(),
      endorsedVersion: z.number().nullable(),
      endorsedAt: z.string().nullable(),
      current: z.boolean(),
    }),
  ),
});
export type EndorsementOverview = z.infer<typeof endorsementOverviewSchema>;

const noInput = z.strictObject({});

/** Peers, signed snapshots and endorsements (issue 6); spread into the contract in channels.ts. */
export const syncChannels = {
  /** This node's identity card, to hand to peers, and the fingerprint they compare. */
  'sync.identity': channel({ input: noInput, output: nodeCardSchema }),
  'sync.peers': channel({ input: noInput, output: z.array(peerSummarySchema) }),
  'sync.peer': channel({ input: peerRef, output: peerDetailSchema }),
  /** Reads and verifies a card (self-signed) without trusting it; nothing is written. */
  'sync.readCard': channel({
    input: z.strictObject({ card: z.string().min(1).max(MAX_CARD_CHARS) }),
    output: cardPreviewSchema,
    maxInputBytes: MAX_CARD_CHARS * 2 + 1024,
  }),
  /** Pins a peer once the fingerprint the operator compared matches the card's key. */
  'sync.addPeer': channel({
    input: z.strictObject({
      card: z.string().min(1).max(MAX_CARD_CHARS),
      fingerprint: z.string().trim().min(1, 'Type the fingerprint you compared').max(100),
      terms: peerTermsSchema,
    }),
    output: peerSummarySchema,
    maxInputBytes: MAX_CARD_CHARS * 2 + 4096,
    mutates: true,
  }),
  'sync.updatePeer': channel({
    input: peerRef.extend({ terms: peerTermsSchema }),
    output: peerSummarySchema,
    mutates: true,
  }),
  /** Its snapshots are refused from now on; its replicas stay, as of the last one. */
  'sync.revokePeer': channel({
    input: peerRef.extend({ reason: reasonSchema }),
    output: peerSummarySchema,
    mutates: true,
  }),
  /** Runs every import check (ARCHITECTURE.md §4) and applies the bundle, or refuses it whole. */
  'sync.importBundle': channel({
    input: z.strictObject({
      bundleBase64: z
        .string()
        .min(1, 'Choose a snapshot file')
        .max(MAX_SNAPSHOT_BUNDLE_BASE64, 'The snapshot file is larger than 64 MB'),
    }),
    output: snapshotImportResultSchema,
    maxInputBytes: MAX_SNAPSHOT_BUNDLE_BASE64 + 1024,
    mutates: true,
  }),
  /** Issues the next snapshot for the peer and returns it as a file to hand over. */
  'sync.exportBundle': channel({
    input: z.strictObject({ peer: nodeIdSchema }),
    output: z.object({
      fileName: z.string(),
      bundleBase64: z.string(),
      version: z.number(),
      records: z.number(),
      /** The bundle was also queued for the peer's transport. */
      queued: z.boolean(),
    }),
    mutates: true,
  }),
  /** One page of a peer's replicas of one kind, read-only, newest snapshot's view. */
  'sync.replicas': channel({
    input: z.strictObject({
      peer: nodeIdSchema,
      kind: snapshotRecordKindSchema,
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(500),
      q: z.string().max(200).optional(),
    }),
    output: replicaPageSchema,
  }),
  /** Countersigns a partner's published charter version (lead only). */
  'sync.endorse': channel({
    input: z.strictObject({
      charterId: z.string().min(1).max(100),
      note: z.string().max(2000, 'Keep the note under 2,000 characters'),
    }),
    output: z.object({ id: z.string() }),
    mutates: true,
  }),
  /** Which partners endorsed which version of this node's charter. */
  'sync.endorsements': channel({ input: noInput, output: endorsementOverviewSchema }),
  'sync.setTransport': channel({
    input: transportInputSchema,
    output: transportViewSchema,
    maxInputBytes: 16 * 1024,
    mutates: true,
  }),
  /**
   * One sync round with every trusted peer that has a transport, at once: a snapshot queued
   * where one is due, the outbox delivered, the peers' new snapshots fetched and imported. A
   * round already running (the periodic one) is joined, not repeated.
   */
  'sync.syncNow': channel({ input: noInput, output: syncReportSchema, mutates: true }),
};
