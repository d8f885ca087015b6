import { z } from 'zod';
import { isoDaySchema } from './iso-day';

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
/** A day that exists: the query adds a day to `to`, which an impossible date would break. */
const isoDay = isoDaySchema;

/** One row of the ledger table: the columns stored beside each entry for filtering. */
export const ledgerEntryRowSchema = z.strictObject({
  seq: z.number().int().min(0),
  time: z.string(),
  type: z.string(),
  /** The operator who made the change. */
  actor: z.string(),
  /** What the entry is about, as `kind:id` (for example `dataset:…`); null when nothing. */
  entity: z.string().nullable(),
});
export type LedgerEntryRow = z.infer<typeof ledgerEntryRowSchema>;

export const ledgerOrderSchema = z.enum(['asc', 'desc']);
export type LedgerOrder = z.infer<typeof ledgerOrderSchema>;

export const ledgerListQuerySchema = z.strictObject({
  types: z.array(z.string().min(1).max(80)).max(50).default([]),
  /** Exact operator name; '' for everyone. */
  actor: z.string().max(200).default(''),
  /** Entity prefix, for example `dataset:` or `dataset:1f0c…`; '' for every entry. */
  entity: z.string().max(200, 'The entity filter must be at most 200 characters').default(''),
  /** Inclusive days (UTC) bounding the entry's time. */
  from: isoDay.optional(),
  to: isoDay.optional(),
  order: ledgerOrderSchema.default('desc'),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type LedgerListQuery = z.infer<typeof ledgerListQuerySchema>;
export type LedgerListQueryInput = z.input<typeof ledgerListQuerySchema>;

export const ledgerPageSchema = z.strictObject({
  rows: z.array(ledgerEntryRowSchema),
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
});
export type LedgerPage = z.infer<typeof ledgerPageSchema>;

export const checkpointSourceSchema = z.enum(['self', 'sent', 'received']);

export const checkpointInfoSchema = z.strictObject({
  id: z.number().int().min(1),
  origin: z.string(),
  size: z.number().int().min(0),
  /** Base64, as the signed note writes it. */
  root: z.string(),
  /** The signed note exactly as signed. */
  note: z.string(),
  source: checkpointSourceSchema,
  recordedAt: z.string(),
});
export type CheckpointInfo = z.infer<typeof checkpointInfoSchema>;

export const signingKeyInfoSchema = z.strictObject({
  keyName: z.string(),
  /** C2SP verifier key: what an auditor pins. */
  vkey: z.string(),
  /** SHA256:base64 of the Ed25519 public key, for comparing out of band. */
  fingerprint: z.string(),
});
export type SigningKeyInfo = z.infer<typeof signingKeyInfoSchema>;

export const ledgerOverviewSchema = z.strictObject({
  size: z.number().int().min(0),
  /** Lowercase hex RFC 6962 root of the whole ledger. */
  root: hex32,
  key: signingKeyInfoSchema.nullable(),
  /** Whether this process can sign (the key is unlocked and the workspace writable). */
  canSign: z.boolean(),
  latestCheckpoint: checkpointInfoSchema.nullable(),
  checkpointCount: z.number().int().min(0),
  /** Filter choices: every entry type and every operator that appears in the ledger. */
  types: z.array(z.string()),
  actors: z.array(z.string()),
  /** Where an export goes unless the user names another folder. */
  suggestedExportDir: z.string(),
});
export type LedgerOverview = z.infer<typeof ledgerOverviewSchema>;

export const inclusionProofInfoSchema = z.strictObject({
  /** The checkpoint the proof is bound to. */
  checkpoint: checkpointInfoSchema,
  /** Sibling hashes, leaf's sibling first, lowercase hex. */
  hashes: z.array(hex32),
  /** c2sp.org/tlog-proof@v1 text, ready to save as a `.tlog-proof` file. */
  tlogProof: z.string(),
});
export type InclusionProofInfo = z.infer<typeof inclusionProofInfoSchema>;

export const ledgerEntryDetailSchema = z.strictObject({
  row: ledgerEntryRowSchema,
  /** The RFC 8785 bytes exactly as hashed, decoded as UTF-8. */
  canonicalJson: z.string(),
  /** The hash of the stored bytes, computed now (not the stored column). */
  leafHash: hex32,
  /** The entry's `prev`, or null when the bytes cannot be read as an entry. */
  prev: hex32.nullable(),
  /** Null when no signed checkpoint covers the entry yet, or when it does not prove. */
  proof: inclusionProofInfoSchema.nullable(),
  /** Why the entry cannot be trusted as shown (damaged bytes, a proof that fails), or null. */
  problem: z.string().nullable(),
});
export type LedgerEntryDetail = z.infer<typeof ledgerEntryDetailSchema>;

export const verificationFaultKindSchema = z.enum([
  'entry-not-canonical',
  'entry-malformed',
  'seq-mismatch',
  'entry-deleted',
  'entries-reordered',
  'chain-broken',
  'leaf-hash-mismatch',
  'truncated',
  'root-mismatch',
  'checkpoint-signature',
  'checkpoint-missing',
  'rollback',
  'checkpoint-mismatch',
  'fork',
  'projection-mismatch',
]);
export type VerificationFaultKind = z.infer<typeof verificationFaultKindSchema>;

export const verificationReportSchema = z.strictObject({
  ok: z.boolean(),
  source: z.string(),
  size: z.number().int().min(0),
  root: z.string(),
  checkpoint: z
    .strictObject({ size: z.number(), root: z.string(), keyName: z.string(), vkey: z.string() })
    .nullable(),
  checks: z.array(
    z.strictObject({
      level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      name: z.string(),
      detail: z.string(),
      ok: z.boolean(),
    }),
  ),
  fault: z
    .strictObject({
      seq: z.number().int().min(0).nullable(),
      kind: verificationFaultKindSchema,
      message: z.string(),
    })
    .nullable(),
});
export type VerificationReport = z.infer<typeof verificationReportSchema>;

/** A verification run as the app shows and files it. */
export const verificationOutcomeSchema = z.strictObject({
  report: verificationReportSchema,
  deep: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  key: signingKeyInfoSchema.nullable(),
  /** A self-contained HTML report for the auditor's work papers. */
  html: z.string(),
  /** A file name for the HTML report. */
  fileName: z.string(),
});
export type VerificationOutcome = z.infer<typeof verificationOutcomeSchema>;

export const ledgerExportResultSchema = z.strictObject({
  dir: z.string(),
  size: z.number().int().min(0),
  root: z.string(),
  files: z.array(z.string()),
});
export type LedgerExportResult = z.infer<typeof ledgerExportResultSchema>;

/** What each fault kind means, in the words an auditor reads. */
export const faultKindLabels: Record<VerificationFaultKind, string> = {
  'entry-not-canonical': 'An entry’s bytes are not canonical JSON (edited by hand)',
  'entry-malformed': 'An entry is not a valid ledger entry',
  'seq-mismatch': 'Entries were deleted, inserted or reordered',
  'entry-deleted': 'Entries were deleted from the ledger',
  'entries-reordered': 'Entries were swapped or moved',
  'chain-broken': 'An earlier entry was changed (hash chain broken)',
  'leaf-hash-mismatch': 'An entry’s bytes do not match its stored hash',
  truncated: 'The ledger was truncated',
  'root-mismatch': 'The history was rewritten (tree root differs)',
  'checkpoint-signature': 'A checkpoint signature does not verify',
  'checkpoint-missing': 'The node’s signed checkpoints were deleted',
  rollback: 'The ledger was rolled back behind a signed checkpoint',
  'checkpoint-mismatch': 'The entries contradict a signed checkpoint (history rewritten)',
  fork: 'Two signed checkpoints contradict each other (fork)',
  'projection-mismatch': 'A table was edited behind the ledger’s back',
};
