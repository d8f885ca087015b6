import type { Selectable } from 'kysely';
import { AppError } from '../../../shared/errors';
import { roleListSchema } from '../../../shared/domain/roles';
import {
  peerTermsSchema,
  type PeerSummary,
  type PeerTerms,
  type SnapshotRecordKind,
} from '../../../shared/domain/sync';
import { execute } from '../commands/execute';
import { requirePermission } from '../commands/authorise';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import type { DB } from '../db/schema';
import { all, first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';
import { expectFingerprint, readIdentityCard } from './identity-card';

export type PeerRow = Selectable<DB['peer']>;

export function findPeer(ws: Workspace, nodeId: string): PeerRow | undefined {
  return first(ws.sqlite, qb.selectFrom('peer').selectAll().where('node_id', '=', nodeId));
}

/**
 * A peer named the way people name them: its node id, its fingerprint, or a unique leading
 * part of either (at least 6 characters).
 */
export function resolvePeer(ws: Workspace, reference: string): PeerRow {
  const ref = reference.trim();
  const peers = all(ws.sqlite, qb.selectFrom('peer').selectAll());
  const exact = peers.find((p) => p.node_id === ref || p.fingerprint === ref);
  if (exact) return exact;
  const bare = ref.replace(/^SHA256:/, '');
  if (bare.length < 6) {
    throw new AppError(
      'INVALID_INPUT',
      `Name the peer by its node id or fingerprint (at least 6 characters); "${ref}" is too short.`,
    );
  }
  const matches = peers.filter(
    (p) => p.node_id.startsWith(bare) || p.fingerprint.slice('SHA256:'.length).startsWith(bare),
  );
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) {
    throw new AppError('PEER_UNKNOWN', `No peer has a node id or fingerprint starting "${ref}".`);
  }
  throw new AppError(
    'INVALID_INPUT',
    `"${ref}" matches ${matches.length} peers (${matches.map((p) => p.organisation).join(', ')}); give more of the fingerprint.`,
  );
}

/** The peer if it may exchange snapshots now; PEER_UNKNOWN or PEER_REVOKED otherwise. */
export function requireTrustedPeer(ws: Workspace, nodeId: string): PeerRow {
  const peer = findPeer(ws, nodeId);
  if (!peer) {
    throw new AppError(
      'PEER_UNKNOWN',
      `Node ${nodeId} is not a peer of this node; add it from its identity card first.`,
    );
  }
  if (peer.status === 'revoked') {
    throw new AppError(
      'PEER_REVOKED',
      `${peer.organisation} (${peer.fingerprint}) was revoked on ${peer.revoked_at ?? '?'}: ${peer.revoke_reason ?? ''}`,
    );
  }
  return peer;
}

function checkGoverning(ws: Workspace, nodeId: string, terms: PeerTerms): void {
  if (terms.relationship !== 'colleague' || !terms.governs) return;
  const other = first(
    ws.sqlite,
    qb
      .selectFrom('peer')
      .select(['node_id', 'organisation', 'operator'])
      .where('governs', '=', 1)
      .where('status', '=', 'trusted')
      .where('node_id', '!=', nodeId),
  );
  if (other) {
    throw new AppError(
      'CONFLICT',
      `${other.operator}'s node (${other.organisation}) already governs this node; change that peer first.`,
    );
  }
}

export interface AddPeerInput {
  /** The identity card file's contents. */
  card: string | Uint8Array;
  /** What the operator compared with the peer out of band (or a leading part of it). */
  fingerprint: string;
  terms: PeerTerms;
}

/** Pins a peer from its identity card, once its fingerprint matches what the operator compared. */
export function addPeer(ws: Workspace, input: AddPeerInput): PeerRow {
  const actor = ws.actor;
  requirePermission(actor, 'peer.manage', 'Adding a peer');
  const terms = parseOrRefuse(peerTermsSchema, input.terms, 'Peer terms', 'terms');
  const read = readIdentityCard(input.card);
  expectFingerprint(read, input.fingerprint);
  const { card } = read;
  if (card.nodeId === ws.node.nodeId) {
    throw new AppError(
      'INVALID_INPUT',
      "This is this node's own card; a node is not its own peer.",
    );
  }
  execute(ws, () => {
    const existing = findPeer(ws, card.nodeId);
    if (existing) {
      throw new AppError(
        'DUPLICATE',
        existing.status === 'revoked'
          ? `${existing.organisation} was revoked as a peer; a revoked node is not trusted again.`
          : `${existing.organisation} (${existing.fingerprint}) is already a peer.`,
      );
    }
    checkGoverning(ws, card.nodeId, terms);
    const at = new Date().toISOString();
    return {
      events: [
        {
          type: 'peer.added',
          payload: {
            nodeId: card.nodeId,
            organisation: card.organisation,
            operator: card.operator,
            cardRoles: card.roles,
            vkey: card.vkey,
            fingerprint: read.fingerprint,
            terms,
            card: read.text,
            by: actor.name,
            at,
          },
        },
      ],
      result: undefined,
    };
  });
  return findPeer(ws, card.nodeId) as PeerRow;
}

export function updatePeer(ws: Workspace, nodeId: string, termsInput: PeerTerms): PeerRow {
  requirePermission(ws.actor, 'peer.manage', "Changing a peer's relationship");
  const terms = parseOrRefuse(peerTermsSchema, termsInput, 'Peer terms', 'terms');
  execute(ws, () => {
    requireTrustedPeer(ws, nodeId);
    checkGoverning(ws, nodeId, terms);
    return {
      events: [
        {
          type: 'peer.updated',
          payload: { nodeId, terms, by: ws.actor.name, at: new Date().toISOString() },
        },
      ],
      result: undefined,
    };
  });
  return findPeer(ws, nodeId) as PeerRow;
}

/** Stops trusting a peer: its snapshots are refused from now on; its replicas stay, as of then. */
export function revokePeer(ws: Workspace, nodeId: string, reason: string): PeerRow {
  requirePermission(ws.actor, 'peer.manage', 'Revoking a peer');
  const why = reason.trim();
  if (why.length === 0 || why.length > 2000) {
    throw new AppError('INVALID_INPUT', 'Say why the peer is revoked (up to 2,000 characters).');
  }
  execute(ws, () => {
    requireTrustedPeer(ws, nodeId);
    return {
      events: [
        {
          type: 'peer.revoked',
          payload: { nodeId, reason: why, by: ws.actor.name, at: new Date().toISOString() },
        },
      ],
      result: undefined,
    };
  });
  return findPeer(ws, nodeId) as PeerRow;
}

export function peerTerms(peer: PeerRow): PeerTerms {
  return peer.relationship === 'colleague'
    ? {
        relationship: 'colleague',
        roles: roleListSchema.safeParse(JSON.parse(peer.roles)).data ?? [],
        governs: peer.governs === 1,
      }
    : { relationship: 'partner', tier: peer.tier };
}

/** The node whose published charter governs this one, if a colleague has been marked so. */
export function governingPeer(ws: Workspace): string | null {
  return (
    first(
      ws.sqlite,
      qb
        .selectFrom('peer')
        .select('node_id')
        .where('governs', '=', 1)
        .where('status', '=', 'trusted'),
    )?.node_id ?? null
  );
}

export function listPeers(ws: Workspace, now = new Date()): PeerSummary[] {
  const peers = all(ws.sqlite, qb.selectFrom('peer').selectAll().orderBy('organisation'));
  const sent = ws.sqlite.prepare(
    'SELECT version, digest, issued_at, expires_at FROM snapshot_sent WHERE peer_id = ? ORDER BY version DESC LIMIT 1',
  );
  const received = ws.sqlite.prepare(
    'SELECT version, digest, issued_at, expires_at, imported_at FROM snapshot_received WHERE peer_id = ? ORDER BY version DESC LIMIT 1',
  );
  const counts = ws.sqlite.prepare(
    'SELECT kind, count(*) AS n FROM replica_record WHERE peer_id = ? GROUP BY kind',
  );
  const alarms = ws.sqlite.prepare('SELECT count(*) AS n FROM sync_alarm WHERE peer_id = ?');
  return peers.map((peer) => {
    const s = sent.get(peer.node_id) as ExchangeRow | undefined;
    const r = received.get(peer.node_id) as (ExchangeRow & { imported_at: string }) | undefined;
    const replicaCounts: Partial<Record<SnapshotRecordKind, number>> = {};
    for (const row of counts.all(peer.node_id) as { kind: SnapshotRecordKind; n: number }[]) {
      replicaCounts[row.kind] = row.n;
    }
    const terms = peerTerms(peer);
    return {
      nodeId: peer.node_id,
      organisation: peer.organisation,
      operator: peer.operator,
      fingerprint: peer.fingerprint,
      relationship: terms.relationship,
      tier: terms.relationship === 'partner' ? terms.tier : null,
      roles: terms.relationship === 'colleague' ? terms.roles : [],
      governs: terms.relationship === 'colleague' && terms.governs,
      status: peer.status === 'revoked' ? 'revoked' : 'trusted',
      addedAt: peer.added_at,
      revokedAt: peer.revoked_at,
      revokeReason: peer.revoke_reason,
      lastSent: s ? exchange(s) : null,
      lastReceived: r ? { ...exchange(r), importedAt: r.imported_at } : null,
      stale: r !== undefined && Date.parse(r.expires_at) <= now.getTime(),
      replicaCounts,
      alarms: (alarms.get(peer.node_id) as { n: number }).n,
    };
  });
}

interface ExchangeRow {
  version: number;
  digest: string;
  issued_at: string;
  expires_at: string;
}

function exchange(row: ExchangeRow) {
  return {
    version: row.version,
    digest: row.digest,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
  };
}
