import { Buffer } from 'node:buffer';
import type { EventPayload } from '../../../shared/contract/events';
import { can } from '../../../shared/domain/permissions';
import { AppError } from '../../../shared/errors';
import { requirePermission } from '../commands/authorise';
import { fromBase64 } from '../ledger/bytes';
import { charterEndorsements, endorseCharter } from '../sync/endorsements';
import { readIdentityCard, issueIdentityCard } from '../sync/identity-card';
import { enqueue } from '../sync/outbox/outbox';
import { getPeerTransport, setPeerTransport } from '../sync/outbox/transport-settings';
import {
  addPeer,
  findPeer,
  listPeers,
  requireTrustedPeer,
  revokePeer,
  updatePeer,
} from '../sync/peers';
import { buildSnapshot } from '../sync/snapshot-build';
import { MAX_BUNDLE_BYTES } from '../sync/snapshot-bundle';
import { importSnapshot } from '../sync/snapshot-import';
import { peerDetail, peerSummary, replicaPage, transportView } from '../sync/sync-queries';
import { snapshotKey } from '../sync/transports/transport';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

type ChangedEntity = EventPayload<'workspace.changed'>['entity'];

/** "Riverton Transit" → "riverton-transit", for file names. */
function slug(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 40);
  return plain || 'node';
}

function decodeBundle64(text: string): Uint8Array {
  try {
    return fromBase64(text);
  } catch (error) {
    throw new AppError(
      'BUNDLE_MALFORMED',
      'The snapshot file did not arrive intact (its base64 encoding is invalid); choose it again.',
      undefined,
      { cause: error },
    );
  }
}

export function syncHandlers(session: WorkspaceSession): HandlersFor<'sync'> {
  const changed = (entities: readonly ChangedEntity[], ids: string[] = []): void => {
    for (const entity of entities) {
      session.emit({ name: 'workspace.changed', payload: { entity, ids } });
    }
  };
  /** An import changes replicas in every table a snapshot carries, and the ledger. */
  const imported = (peer: string): void => {
    changed(['peer'], [peer]);
    changed(['dataset', 'charter', 'access', 'ledger']);
  };

  return {
    'sync.identity': () => {
      const ws = session.require();
      const card = issueIdentityCard(ws);
      return {
        nodeId: ws.node.nodeId,
        organisation: ws.node.organisation,
        operator: ws.node.operator,
        fingerprint: card.fingerprint,
        card: card.text,
        fileName: `${slug(ws.node.organisation)}-identity-card.json`,
      };
    },
    'sync.peers': () => listPeers(session.require()),
    'sync.peer': ({ nodeId }) => peerDetail(session.require(), nodeId),
    'sync.readCard': ({ card }) => {
      const ws = session.require();
      const read = readIdentityCard(card);
      const existing = findPeer(ws, read.card.nodeId);
      return {
        nodeId: read.card.nodeId,
        organisation: read.card.organisation,
        operator: read.card.operator,
        roles: read.card.roles,
        issuedAt: read.card.issuedAt,
        fingerprint: read.fingerprint,
        isSelf: read.card.nodeId === ws.node.nodeId,
        existing: existing ? (existing.status === 'revoked' ? 'revoked' : 'trusted') : null,
      };
    },
    'sync.addPeer': (input) => {
      const ws = session.require();
      const peer = addPeer(ws, input);
      changed(['peer', 'ledger'], [peer.node_id]);
      // A colleague marked as governing changes which charter governs the catalog.
      if (input.terms.relationship === 'colleague' && input.terms.governs) changed(['charter']);
      return peerSummary(ws, peer.node_id);
    },
    'sync.updatePeer': ({ nodeId, terms }) => {
      const ws = session.require();
      updatePeer(ws, nodeId, terms);
      changed(['peer', 'charter', 'ledger'], [nodeId]);
      return peerSummary(ws, nodeId);
    },
    'sync.revokePeer': ({ nodeId, reason }) => {
      const ws = session.require();
      revokePeer(ws, nodeId, reason);
      changed(['peer', 'charter', 'ledger'], [nodeId]);
      return peerSummary(ws, nodeId);
    },
    'sync.importBundle': ({ bundleBase64 }) => {
      const ws = session.require();
      const result = importSnapshot(ws, decodeBundle64(bundleBase64));
      if (result.status === 'imported') imported(result.peer);
      return result;
    },
    'sync.exportBundle': ({ peer }) => {
      const ws = session.require();
      const built = buildSnapshot(ws, peer);
      const target = requireTrustedPeer(ws, built.peer);
      if (built.bundle.byteLength > MAX_BUNDLE_BYTES) {
        // Recorded as issued already, but no node would import it: say so rather than hand
        // over a file that is refused on arrival.
        changed(['peer', 'ledger'], [target.node_id]);
        throw new AppError(
          'BUNDLE_TOO_LARGE',
          `Snapshot ${String(built.version)} for ${target.organisation} is ${String(built.bundle.byteLength)} bytes, over the ${String(MAX_BUNDLE_BYTES)}-byte limit every node applies; it cannot be handed over.`,
        );
      }
      // With a transport set, the file's snapshot goes that way too: whichever reaches the
      // peer first is imported, the other is the same envelope and changes nothing.
      let queued = false;
      if (getPeerTransport(ws.sqlite, target.node_id)) {
        queued = enqueue(ws.sqlite, {
          peerId: target.node_id,
          key: snapshotKey(target.node_id, ws.node.nodeId, built.version),
          version: built.version,
          bundle: built.bundle,
          now: new Date().toISOString(),
        });
      }
      changed(['peer', 'ledger'], [target.node_id]);
      const version = String(built.version).padStart(4, '0');
      return {
        fileName: `${slug(ws.node.organisation)}-to-${slug(target.organisation)}-v${version}.snapshot`,
        bundleBase64: Buffer.from(built.bundle).toString('base64'),
        version: built.version,
        records: built.records,
        queued,
      };
    },
    'sync.replicas': (query) => replicaPage(session.require(), query),
    'sync.endorse': ({ charterId, note }) => {
      const ws = session.require();
      const result = endorseCharter(ws, { charterId, note });
      changed(['charter', 'peer', 'ledger'], [charterId]);
      return result;
    },
    'sync.endorsements': () => charterEndorsements(session.require()),
    'sync.setTransport': (input) => {
      const ws = session.require();
      requirePermission(ws.actor, 'peer.manage', "Setting a peer's transport");
      ws.assertWritable();
      requireTrustedPeer(ws, input.nodeId);
      const { nodeId, ...settings } = input;
      setPeerTransport(ws.sqlite, { peerId: nodeId, ...settings }, new Date().toISOString());
      changed(['peer'], [nodeId]);
      const view = transportView(ws, nodeId);
      if (!view) throw new AppError('INTERNAL', 'The transport settings were not saved.');
      return view;
    },
    'sync.syncNow': async () => {
      const ws = session.require();
      const { actor } = ws;
      if (!can(actor.roles, 'snapshot.publish') && !can(actor.roles, 'snapshot.import')) {
        throw new AppError(
          'FORBIDDEN_ROLE',
          `Syncing with peers needs a role that publishes or imports snapshots; ${actor.name} holds neither.`,
        );
      }
      // The session's scheduler runs one round at a time: a click during the periodic round
      // joins it rather than sending twice.
      const report = await session.sync.syncNow();
      changed(['peer']);
      return report;
    },
  };
}
