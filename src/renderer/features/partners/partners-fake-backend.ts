import type {
  CardPreview,
  NodeCard,
  PeerDetail,
  ReplicaItem,
  SyncReport,
  TransportInput,
  TransportView,
} from '../../../shared/contract/sync-channels';
import type {
  PeerSummary,
  PeerTerms,
  SnapshotDiff,
  SnapshotImportResult,
  SnapshotRecordKind,
} from '../../../shared/domain/sync';
import type { ErrorInfo, Result } from '../../../shared/errors';
import { ok, type FakeTransport } from '../../test/fake-transport';

function fail(code: ErrorInfo['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

export const acmeNode = '3f0c5a9e-8b1d-4c2e-9f3a-0123456789ab';
export const globexNode = '0b7e2f10-55aa-4c11-8d22-33445566778a';
export const acmeFingerprint = 'SHA256:Qx8mW3kPz7vN2rT5yL9aB4cD6eF1gH0jK8lM2nO4pR6';
/** What the fake reads a pasted card as: this text names Acme's node. */
export const acmeCardText = '{"payloadType":"application/vnd.concordat.identity+json; version=1"}';

export function makePeer(overrides: Partial<PeerSummary> = {}): PeerSummary {
  return {
    nodeId: acmeNode,
    organisation: 'Acme',
    operator: 'Grace Hopper',
    fingerprint: acmeFingerprint,
    relationship: 'partner',
    tier: 'standard',
    roles: [],
    governs: false,
    status: 'trusted',
    addedAt: '2026-01-05T09:00:00.000Z',
    revokedAt: null,
    revokeReason: null,
    lastSent: null,
    lastReceived: null,
    stale: false,
    replicaCounts: {},
    alarms: 0,
    ...overrides,
  };
}

export const ownCard: NodeCard = {
  nodeId: 'node-7f3a9c',
  organisation: 'Northwind Health',
  operator: 'Ada Lovelace',
  fingerprint: 'SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCdE',
  card: '{"payloadType":"application/vnd.concordat.identity+json; version=1","payload":"…"}\n',
  fileName: 'northwind-health-identity-card.json',
};

export const sampleDiff: SnapshotDiff = {
  added: [
    { kind: 'dataset', id: 'd1', label: 'bus-positions — Bus positions' },
    { kind: 'grant', id: 'g1', label: 'Acme analysts → bus-positions (read, approved)' },
  ],
  changed: [
    {
      kind: 'charter',
      id: 'c1',
      label: 'Charter v2 “Data sharing charter” (published)',
      fields: ['status', 'published_at'],
    },
  ],
  removed: [],
  counts: { added: 2, changed: 1, removed: 0 },
};

/**
 * The sync channels over a list of peers, for screen tests: reading a card, adding, revoking,
 * importing (the next result or refusal a test sets), replicas per kind and endorsing.
 */
export class FakePartnersBackend {
  peers: PeerSummary[];
  identity: NodeCard | ErrorInfo = ownCard;
  /** What `sync.readCard` answers for any card that is not `acmeCardText`. */
  unreadableCard: ErrorInfo = {
    code: 'CARD_INVALID',
    message: 'This is not a valid identity card: it is not well-formed JSON.',
  };
  /** What the next `sync.importBundle` answers. */
  importAnswer: Result<SnapshotImportResult> = ok({
    status: 'imported',
    peer: acmeNode,
    organisation: 'Acme',
    version: 3,
    digest: 'ab'.repeat(32),
    diff: sampleDiff,
  });
  replicas: Partial<Record<SnapshotRecordKind, ReplicaItem[]>> = {};
  details = new Map<string, Partial<PeerDetail>>();
  syncAnswer: Result<SyncReport> = ok({
    peers: [
      {
        peer: acmeNode,
        organisation: 'Acme',
        published: 2,
        imported: [
          {
            status: 'imported',
            peer: acmeNode,
            organisation: 'Acme',
            version: 4,
            digest: 'ef'.repeat(32),
            diff: sampleDiff,
          },
        ],
        error: null,
      },
    ],
    delivery: { sent: 1, failed: 0, errors: [] },
  });

  constructor(
    private readonly transport: FakeTransport,
    options: { peers?: PeerSummary[] } = {},
  ) {
    this.peers = options.peers ?? [];
    transport.respond('sync.identity', () =>
      'card' in this.identity ? ok(this.identity) : { ok: false, error: this.identity },
    );
    transport.respond('sync.peers', () => ok(this.peers));
    transport.respond('sync.peer', (input) => {
      const { nodeId } = input as { nodeId: string };
      const summary = this.find(nodeId);
      if (!summary) return fail('PEER_UNKNOWN', `Node ${nodeId} is not a peer of this node.`);
      return ok({
        summary,
        keys: [{ fingerprint: summary.fingerprint, trustedAt: summary.addedAt, retiredAt: null }],
        lastImport: null,
        received: [],
        receivedTotal: 0,
        alarms: [],
        transport: null,
        outbox: null,
        ...this.details.get(nodeId),
      });
    });
    transport.respond('sync.readCard', (input) => {
      const { card } = input as { card: string };
      if (card.trim() !== acmeCardText) return { ok: false, error: this.unreadableCard };
      const existing = this.find(acmeNode);
      const preview: CardPreview = {
        nodeId: acmeNode,
        organisation: 'Acme',
        operator: 'Grace Hopper',
        roles: ['lead', 'steward'],
        issuedAt: '2026-02-01T09:00:00.000Z',
        fingerprint: acmeFingerprint,
        isSelf: false,
        existing: existing ? existing.status : null,
      };
      return ok(preview);
    });
    transport.respond('sync.addPeer', (input) => {
      const { fingerprint, terms } = input as { fingerprint: string; terms: PeerTerms };
      const typed = fingerprint.startsWith('SHA256:') ? fingerprint : `SHA256:${fingerprint}`;
      if (!acmeFingerprint.startsWith(typed)) {
        return fail('FINGERPRINT_MISMATCH', `The card's key has fingerprint ${acmeFingerprint}.`);
      }
      const peer = makePeer({
        relationship: terms.relationship,
        tier: terms.relationship === 'partner' ? terms.tier : null,
        roles: terms.relationship === 'colleague' ? terms.roles : [],
        governs: terms.relationship === 'colleague' && terms.governs,
      });
      this.peers = [...this.peers, peer];
      this.changed();
      return ok(peer);
    });
    transport.respond('sync.revokePeer', (input) => {
      const { nodeId, reason } = input as { nodeId: string; reason: string };
      const found = this.find(nodeId);
      if (!found) return fail('PEER_UNKNOWN', 'No such peer.');
      const revoked: PeerSummary = {
        ...found,
        status: 'revoked',
        revokedAt: '2026-03-01T10:00:00.000Z',
        revokeReason: reason,
      };
      this.replace(revoked);
      return ok(revoked);
    });
    transport.respond('sync.importBundle', () => {
      const answer = this.importAnswer;
      if (answer.ok) this.changed();
      return answer;
    });
    transport.respond('sync.replicas', (input) => {
      const { peer, kind, offset, limit } = input as {
        peer: string;
        kind: SnapshotRecordKind;
        offset: number;
        limit: number;
      };
      const summary = this.find(peer);
      if (!summary) return fail('PEER_UNKNOWN', 'No such peer.');
      const rows = this.replicas[kind] ?? [];
      return ok({
        peer,
        organisation: summary.organisation,
        asOf: summary.lastReceived?.issuedAt ?? null,
        stale: summary.stale,
        kind,
        total: rows.length,
        offset,
        rows: rows.slice(offset, offset + limit),
      });
    });
    transport.respond('sync.endorse', (input) => {
      const { charterId, note } = input as { charterId: string; note: string };
      const rows = this.replicas.charter ?? [];
      this.replicas.charter = rows.map((row) =>
        row.kind === 'charter' && row.id === charterId
          ? { ...row, endorsement: { at: '2026-03-02T09:00:00.000Z', by: 'Ada Lovelace', note } }
          : row,
      );
      this.changed();
      return ok({ id: 'endorsement-1' });
    });
    transport.respond('sync.syncNow', () => this.syncAnswer);
    transport.respond('sync.setTransport', (input) => {
      const settings = input as TransportInput;
      const updatedAt = '2026-03-01T12:00:00.000Z';
      const view: TransportView =
        settings.kind === 'folder'
          ? { kind: 'folder', path: settings.path, updatedAt }
          : {
              kind: 'webdav',
              baseUrl: settings.baseUrl,
              authKind: settings.authKind,
              username: settings.username ?? null,
              hasSecret: settings.secret !== undefined,
              updatedAt,
            };
      this.details.set(settings.nodeId, { ...this.details.get(settings.nodeId), transport: view });
      this.changed();
      return ok(view);
    });
  }

  find(nodeId: string): PeerSummary | undefined {
    return this.peers.find((peer) => peer.nodeId === nodeId);
  }

  private replace(next: PeerSummary): void {
    this.peers = this.peers.map((peer) => (peer.nodeId === next.nodeId ? next : peer));
    this.changed();
  }

  /** Tells the screens to refetch, as main does after a sync command. */
  private changed(): void {
    queueMicrotask(() => {
      this.transport.emit({ name: 'workspace.changed', payload: { entity: 'peer', ids: [] } });
    });
  }
}
