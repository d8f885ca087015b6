import { z } from 'zod';
import {
  campaignSummarySchema,
  REVIEW_EVIDENCE_PAYLOAD_TYPE,
  type ReviewExport,
  type ReviewExportFormat,
  reviewItemSchema,
} from '../../../shared/domain/review';
import { AppError, assertNever } from '../../../shared/errors';
import { type Now, systemNow } from '../access/access-commands';
import { todayOf } from '../access/access-queries';
import { formatCsvRecord } from '../catalog/transfer/csv';
import { bytesEqual, fromBase64, toBase64 } from '../ledger/bytes';
import { canonicalBytes, parseCanonicalJson } from '../ledger/canonical-json';
import { verifyCheckpoint } from '../ledger/checkpoint';
import { parseDsseEnvelope, verifyDsse } from '../ledger/dsse';
import { LedgerError } from '../ledger/errors';
import { parseVerifierKey } from '../ledger/note-keys';
import { latestOwnCheckpoint, type StoredCheckpoint } from '../ledger-store/checkpoints';
import type { Workspace } from '../workspace/workspace';
import { campaignItemPages, getCampaign } from './review-queries';

/** The evidence file's columns, one row per item: what an auditor asks of a review. */
export const evidenceColumns = [
  'campaign_id',
  'campaign',
  'grant_id',
  'principal',
  'organisation',
  'dataset',
  'level',
  'purpose',
  'until',
  'decision',
  'justification',
  'narrowed_level',
  'narrowed_until',
  'decided_by',
  'decided_at',
] as const;

function fileStem(name: string, day: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug === '' ? 'access' : slug}-review-${day}`;
}

/**
 * One record per item, read a page at a time in one read transaction (a consistent snapshot
 * however long the campaign). Cells go through the catalog export's formula neutralisation:
 * a justification typed as "=HYPERLINK(…)" stays text in a spreadsheet.
 */
export function exportCampaignCsv(
  ws: Workspace,
  campaignId: string,
  now: Now = systemNow,
): ReviewExport {
  return ws.sqlite
    .transaction(() => {
      const campaign = getCampaign(ws, campaignId, todayOf(now()));
      const chunks = [formatCsvRecord(evidenceColumns)];
      for (const page of campaignItemPages(ws, campaignId)) {
        chunks.push(
          page
            .map((item) =>
              formatCsvRecord([
                campaign.id,
                campaign.name,
                item.grantId,
                item.principalName ?? item.principalId,
                item.organisation ?? '',
                item.datasetIdentifier ?? item.datasetId,
                item.level,
                item.purpose,
                item.until ?? '',
                item.decision ?? '',
                item.justification ?? '',
                item.narrowed?.level ?? '',
                item.narrowed?.until ?? '',
                item.decided?.by ?? '',
                item.decided?.at ?? '',
              ]),
            )
            .join(''),
        );
      }
      return {
        fileName: `${fileStem(campaign.name, todayOf(now()))}.csv`,
        content: chunks.join(''),
      };
    })
    .deferred();
}

/** The signed document's payload: the campaign, its items, and the ledger state they are at. */
export const reviewEvidenceSchema = z.strictObject({
  kind: z.literal('concordat.review-evidence'),
  v: z.literal(1),
  issuer: z.strictObject({ nodeId: z.string(), organisation: z.string() }),
  exportedAt: z.string(),
  exportedBy: z.string(),
  campaign: campaignSummarySchema,
  items: z.array(reviewItemSchema),
  /** The node's signed checkpoint covering the ledger the campaign was read from. */
  ledger: z.strictObject({
    checkpoint: z.string(),
    size: z.number().int().min(0),
    root: z.string(),
    vkey: z.string(),
  }),
});
export type ReviewEvidence = z.infer<typeof reviewEvidenceSchema>;

/** A checkpoint for the ledger as it is: the stored one if it covers it, else a new one. */
function checkpointNow(ws: Workspace): StoredCheckpoint {
  const stored = latestOwnCheckpoint(ws.sqlite, ws.ledger.size);
  if (stored && bytesEqual(stored.root, ws.ledger.root())) return stored;
  return ws.checkpoint();
}

/**
 * The campaign as a signed JSON document: a DSSE envelope, signed with this node's key, over
 * the canonical JSON of the campaign, every item, and the signed checkpoint of the ledger they
 * were read at. Anyone holding the node's vkey can check it (verifyReviewEvidence) and, with
 * the ledger bundle, that the checkpoint is the node's. Signing a checkpoint for the current
 * size, when none exists yet, writes one: the read and that write share one transaction.
 */
export function exportCampaignEvidence(
  ws: Workspace,
  campaignId: string,
  now: Now = systemNow,
): ReviewExport {
  const vkey = ws.registeredVkey();
  if (vkey === undefined) {
    throw new AppError('KEY_MISSING', `${ws.path} has no registered signing key to sign with.`);
  }
  const read = () => {
    const at = now();
    const campaign = getCampaign(ws, campaignId, todayOf(at));
    const checkpoint = checkpointNow(ws);
    const items = [...campaignItemPages(ws, campaignId)].flat();
    const document: ReviewEvidence = {
      kind: 'concordat.review-evidence',
      v: 1,
      issuer: { nodeId: ws.node.nodeId, organisation: ws.node.organisation },
      exportedAt: at,
      exportedBy: ws.actor.name,
      campaign,
      items,
      ledger: {
        checkpoint: checkpoint.note,
        size: checkpoint.size,
        root: toBase64(checkpoint.root),
        vkey,
      },
    };
    return document;
  };
  const document = ws.readOnly
    ? ws.sqlite.transaction(read).deferred()
    : ws.sqlite.transaction(read).immediate();
  const envelope = ws.signEnvelope(REVIEW_EVIDENCE_PAYLOAD_TYPE, canonicalBytes(document));
  return {
    fileName: `${fileStem(document.campaign.name, todayOf(document.exportedAt))}.evidence.json`,
    content: `${JSON.stringify(envelope, null, 2)}\n`,
  };
}

export function exportReviewEvidence(
  ws: Workspace,
  campaignId: string,
  format: ReviewExportFormat,
  now: Now = systemNow,
): ReviewExport {
  switch (format) {
    case 'csv':
      return exportCampaignCsv(ws, campaignId, now);
    case 'json':
      return exportCampaignEvidence(ws, campaignId, now);
    default:
      return assertNever(format, 'export format');
  }
}

export type EvidenceVerification =
  { ok: true; document: ReviewEvidence } | { ok: false; problem: string };

/**
 * Checks signed evidence against the issuing node's key, pinned by the caller (never the one
 * inside the document): the envelope signature first, then the payload is parsed (canonical
 * JSON, strict schema), then the checkpoint it names must carry a valid signature by the same
 * key and agree with the size and root the document states.
 */
export function verifyReviewEvidence(content: string, pinnedVkey: string): EvidenceVerification {
  try {
    const verifier = parseVerifierKey(pinnedVkey);
    const payload = verifyDsse(parseDsseEnvelope(content), verifier, REVIEW_EVIDENCE_PAYLOAD_TYPE);
    const parsed = reviewEvidenceSchema.safeParse(parseCanonicalJson(payload));
    if (!parsed.success) {
      return { ok: false, problem: 'The signed payload is not a review evidence document.' };
    }
    const document = parsed.data;
    const { checkpoint } = verifyCheckpoint(document.ledger.checkpoint, verifier);
    if (
      checkpoint.size !== document.ledger.size ||
      !bytesEqual(checkpoint.rootHash, fromBase64(document.ledger.root))
    ) {
      return { ok: false, problem: 'The checkpoint does not match the size and root stated.' };
    }
    return { ok: true, document };
  } catch (error) {
    if (error instanceof LedgerError)
      return { ok: false, problem: `${error.message} (${error.code})` };
    throw error;
  }
}
