import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { requirePermission } from '../commands/authorise';
import { execute } from '../commands/execute';
import type { ReplicaRow } from '../commands/sync-events';
import { all, first, qb } from '../db/sql';
import { canonicalBytes, canonicalize, parseCanonicalJson } from '../ledger/canonical-json';
import { verifyDsse } from '../ledger/dsse';
import type { NoteVerifier } from '../ledger/note-keys';
import type { Workspace } from '../workspace/workspace';
import { sha256Hex } from './snapshot-build';

export const ENDORSEMENT_PAYLOAD_TYPE = 'application/vnd.concordat.endorsement+json; version=1';

/** What an endorsing node signs: which charter version, by content digest, it accepts. */
const statementSchema = z
  .object({
    format: z.literal('concordat.endorsement/1'),
    endorser: z.string(),
    charterOwner: z.string(),
    charterId: z.string(),
    charterVersion: z.number().int(),
    contentDigest: z.string(),
    endorsedAt: z.string(),
  })
  .strict();
type Statement = z.infer<typeof statementSchema>;

/** SHA-256 of a charter's content in canonical form: the same text whoever holds the copy. */
export function charterContentDigest(contentJson: string): string {
  return sha256Hex(Buffer.from(canonicalize(JSON.parse(contentJson)), 'utf8'));
}

/**
 * Countersigns a partner's published charter version: the endorsement is this node's own
 * record, and goes back to the charter's owner in the next snapshot to it.
 */
export function endorseCharter(
  ws: Workspace,
  input: { charterId: string; note?: string },
  now = new Date(),
): { id: string } {
  requirePermission(ws.actor, 'charter.endorse', 'Endorsing a charter');
  const note = (input.note ?? '').trim();
  if (note.length > 2000)
    throw new AppError('INVALID_INPUT', 'Keep the note under 2,000 characters.');
  const id = randomUUID();
  execute(ws, () => {
    const charter = first(
      ws.sqlite,
      qb
        .selectFrom('charter_version')
        .select(['id', 'owner_node', 'version', 'status', 'content'])
        .where('id', '=', input.charterId),
    );
    if (!charter) throw new AppError('NOT_FOUND', `No charter version ${input.charterId} here.`);
    if (charter.owner_node === ws.node.nodeId) {
      throw new AppError('INVALID_INPUT', "A node endorses its partners' charters, not its own.");
    }
    if (charter.status !== 'published') {
      throw new AppError(
        'CONFLICT',
        `Charter v${charter.version} is ${charter.status}; only the version in force can be endorsed.`,
      );
    }
    const already = first(
      ws.sqlite,
      qb
        .selectFrom('charter_endorsement')
        .select('endorsed_at')
        .where('owner_node', '=', ws.node.nodeId)
        .where('charter_owner', '=', charter.owner_node)
        .where('charter_version', '=', charter.version),
    );
    if (already) {
      throw new AppError(
        'DUPLICATE',
        `Charter v${charter.version} was endorsed on ${already.endorsed_at}.`,
      );
    }
    const statement: Statement = {
      format: 'concordat.endorsement/1',
      endorser: ws.node.nodeId,
      charterOwner: charter.owner_node,
      charterId: charter.id,
      charterVersion: charter.version,
      contentDigest: charterContentDigest(charter.content),
      endorsedAt: now.toISOString(),
    };
    const envelope = ws.signEnvelope(ENDORSEMENT_PAYLOAD_TYPE, canonicalBytes(statement));
    return {
      events: [
        {
          type: 'charter.endorsed',
          payload: {
            id,
            charterOwner: statement.charterOwner,
            charterId: statement.charterId,
            charterVersion: statement.charterVersion,
            contentDigest: statement.contentDigest,
            note,
            statement: JSON.stringify(envelope),
            by: ws.actor.name,
            at: statement.endorsedAt,
          },
        },
      ],
      result: undefined,
    };
  });
  return { id };
}

/**
 * An endorsement arriving in a snapshot must carry a statement its endorser signed, saying
 * exactly what the row says; otherwise the row is refused.
 */
export function endorsementStatementHolds(row: ReplicaRow, verifier: NoteVerifier): boolean {
  try {
    const envelope = JSON.parse(String(row.statement)) as Parameters<typeof verifyDsse>[0];
    const payload = verifyDsse(envelope, verifier, ENDORSEMENT_PAYLOAD_TYPE);
    const statement = statementSchema.parse(parseCanonicalJson(payload, { maxDepth: 2 }));
    return (
      statement.endorser === row.owner_node &&
      statement.charterOwner === row.charter_owner &&
      statement.charterId === row.charter_id &&
      statement.charterVersion === row.charter_version &&
      statement.contentDigest === row.content_digest &&
      statement.endorsedAt === row.endorsed_at
    );
  } catch {
    return false;
  }
}

export interface PartnerEndorsement {
  peer: string;
  organisation: string;
  /** The newest version of this node's charter the partner endorsed, if any. */
  endorsedVersion: number | null;
  endorsedAt: string | null;
  /** Whether that is the version in force now. */
  current: boolean;
}

/** For the governance lead: which partners endorsed which version of this node's charter. */
export function charterEndorsements(ws: Workspace): {
  publishedVersion: number | null;
  partners: PartnerEndorsement[];
} {
  const published = first(
    ws.sqlite,
    qb
      .selectFrom('charter_version')
      .select('version')
      .where('owner_node', '=', ws.node.nodeId)
      .where('status', '=', 'published'),
  );
  const peers = all(
    ws.sqlite,
    qb
      .selectFrom('peer')
      .select(['node_id', 'organisation'])
      .where('status', '=', 'trusted')
      .where('relationship', '=', 'partner')
      .orderBy('organisation'),
  );
  const latest = ws.sqlite.prepare(
    'SELECT charter_version, endorsed_at FROM charter_endorsement WHERE owner_node = ? AND charter_owner = ? ORDER BY charter_version DESC LIMIT 1',
  );
  return {
    publishedVersion: published?.version ?? null,
    partners: peers.map((peer) => {
      const row = latest.get(peer.node_id, ws.node.nodeId) as
        { charter_version: number; endorsed_at: string } | undefined;
      return {
        peer: peer.node_id,
        organisation: peer.organisation,
        endorsedVersion: row?.charter_version ?? null,
        endorsedAt: row?.endorsed_at ?? null,
        current: row !== undefined && row.charter_version === published?.version,
      };
    }),
  };
}
