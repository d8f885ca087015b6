import { afterEach, describe, expect, it } from 'vitest';
import { contract, type ChannelName, type ChannelOutput } from '../../../shared/contract/channels';
import type { AppEvent } from '../../../shared/contract/events';
import {
  MAX_SNAPSHOT_BUNDLE_BASE64,
  MAX_SNAPSHOT_BUNDLE_BYTES,
} from '../../../shared/contract/sync-channels';
import type { NodeSetup } from '../../../shared/domain/workspace';
import { approveGrant, requestGrant } from '../access/access-commands';
import { revokeGrant } from '../access/grant-steps';
import { sampleDraft } from '../testing/charter-setup';
import { accessNow, setUpGrantScenario } from '../testing/access-setup';
import {
  leadSetup,
  partnerSetup,
  pin,
  syncPassphrase,
  useSyncWorkspaces,
} from '../testing/sync-setup';
import { useTempDir } from '../testing/temp-dir';
import { MAX_BUNDLE_BYTES as CORE_MAX_BUNDLE_BYTES } from '../sync/snapshot-bundle';
import { MAX_BUNDLE_BYTES as TRANSPORT_MAX_BUNDLE_BYTES } from '../sync/transports/transport';
import { WorkspaceSession } from '../workspace/workspace-session';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

type Answer =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

async function value<T>(result: Promise<Answer>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(`expected ok, got ${JSON.stringify(answer.error)}`);
  return answer.value as T;
}

async function refusal(result: Promise<Answer>): Promise<string> {
  const answer = await result;
  if (answer.ok) throw new Error(`expected a refusal, got ${JSON.stringify(answer.value)}`);
  return answer.error.code;
}

const info = { name: 'Concordat', version: '0.0.0-test', mode: 'browser' } as const;

describe('sync channels between two real workspaces', () => {
  const workspace = useSyncWorkspaces();
  const tempDir = useTempDir();
  const sessions: WorkspaceSession[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) session.close();
  });

  /** A keyed workspace (its template charter published) served through the real dispatcher. */
  function node(setup: NodeSetup, name: string) {
    const made = workspace(setup, name);
    const path = made.path;
    made.close();
    const session = new WorkspaceSession(path, { keyProtection: syncPassphrase });
    sessions.push(session);
    const handlers = createHandlers(session, info);
    const events: AppEvent[] = [];
    session.subscribe((event) => events.push(event));
    return {
      session,
      ws: () => session.require(),
      nodeId: session.require().node.nodeId,
      events,
      call: (channel: ChannelName, input: unknown) =>
        dispatch(handlers, channel, input) as Promise<Answer>,
    };
  }
  type Node = ReturnType<typeof node>;

  /** `host` pins `peer` over the channels: card, preview, fingerprint compared. */
  async function addOver(host: Node, peer: Node, terms: unknown) {
    const card = await value<ChannelOutput<'sync.identity'>>(peer.call('sync.identity', {}));
    return value<ChannelOutput<'sync.addPeer'>>(
      host.call('sync.addPeer', { card: card.card, fingerprint: card.fingerprint, terms }),
    );
  }

  /** The lead's node with a partner's grant on one dataset; each pinned the other. */
  async function pair() {
    const lead = node(leadSetup, 'lead');
    const partner = node(partnerSetup, 'partner');
    await addOver(lead, partner, { relationship: 'partner', tier: 'standard' });
    pin(partner.ws(), lead.ws(), { relationship: 'partner', tier: null });
    const { request } = setUpGrantScenario(lead.ws());
    const grant = requestGrant(lead.ws(), request, accessNow);
    approveGrant(lead.ws(), { id: grant.id }, accessNow);
    return { lead, partner, grant };
  }

  async function exportFor(from: Node, to: Node) {
    return value<ChannelOutput<'sync.exportBundle'>>(
      from.call('sync.exportBundle', { peer: to.nodeId }),
    );
  }

  it('onboards a peer from its card only when the compared fingerprint matches', async () => {
    const lead = node(leadSetup, 'lead');
    const partner = node(partnerSetup, 'partner');
    const card = await value<ChannelOutput<'sync.identity'>>(partner.call('sync.identity', {}));
    expect(card).toMatchObject({ nodeId: partner.nodeId, organisation: 'Acme' });
    expect(card.fingerprint).toMatch(/^SHA256:/);
    expect(card.fileName).toBe('acme-identity-card.json');

    const preview = await value<ChannelOutput<'sync.readCard'>>(
      lead.call('sync.readCard', { card: card.card }),
    );
    expect(preview).toMatchObject({
      nodeId: partner.nodeId,
      organisation: 'Acme',
      operator: 'Grace Hopper',
      fingerprint: card.fingerprint,
      isSelf: false,
      existing: null,
    });
    // A card altered after signing is not a card.
    const forged = card.card.replace('"payload": "', '"payload": "A');
    expect(await refusal(lead.call('sync.readCard', { card: forged }))).toBe('CARD_INVALID');

    const terms = { relationship: 'partner', tier: 'standard' };
    const wrong = `SHA256:${'A'.repeat(43)}`;
    expect(
      await refusal(lead.call('sync.addPeer', { card: card.card, fingerprint: wrong, terms })),
    ).toBe('FINGERPRINT_MISMATCH');
    // The contract is strict: nothing it does not name gets through.
    expect(
      await refusal(
        lead.call('sync.addPeer', {
          card: card.card,
          fingerprint: card.fingerprint,
          terms,
          trusted: true,
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect(await value<unknown[]>(lead.call('sync.peers', {}))).toEqual([]);

    const added = await value<ChannelOutput<'sync.addPeer'>>(
      lead.call('sync.addPeer', { card: card.card, fingerprint: card.fingerprint, terms }),
    );
    expect(added).toMatchObject({
      nodeId: partner.nodeId,
      organisation: 'Acme',
      relationship: 'partner',
      tier: 'standard',
      status: 'trusted',
      lastReceived: null,
      stale: false,
    });
    expect(lead.events).toContainEqual({
      name: 'workspace.changed',
      payload: { entity: 'peer', ids: [partner.nodeId] },
    });
    expect(
      await value<ChannelOutput<'sync.readCard'>>(lead.call('sync.readCard', { card: card.card })),
    ).toMatchObject({ existing: 'trusted' });
    expect(
      await refusal(
        lead.call('sync.addPeer', { card: card.card, fingerprint: card.fingerprint, terms }),
      ),
    ).toBe('DUPLICATE');
    const own = await value<ChannelOutput<'sync.identity'>>(lead.call('sync.identity', {}));
    expect(
      await value<ChannelOutput<'sync.readCard'>>(lead.call('sync.readCard', { card: own.card })),
    ).toMatchObject({ isSelf: true });
  });

  it('exports and imports a snapshot, shows the replicas read-only with the diff and history', async () => {
    const { lead, partner, grant } = await pair();
    const exported = await exportFor(lead, partner);
    expect(exported).toMatchObject({ version: 1, records: 4, queued: false });
    expect(exported.fileName).toBe('riverton-transit-to-acme-v0001.snapshot');

    partner.events.length = 0;
    const result = await value<ChannelOutput<'sync.importBundle'>>(
      partner.call('sync.importBundle', { bundleBase64: exported.bundleBase64 }),
    );
    expect(result).toMatchObject({
      status: 'imported',
      version: 1,
      organisation: 'Riverton Transit',
    });
    expect(result.diff?.counts).toEqual({ added: 4, changed: 0, removed: 0 });
    const entities = partner.events.map((event) =>
      event.name === 'workspace.changed' ? event.payload.entity : null,
    );
    expect(entities).toEqual(expect.arrayContaining(['peer', 'dataset', 'charter', 'access']));
    // The same file again changes nothing.
    expect(
      await value<ChannelOutput<'sync.importBundle'>>(
        partner.call('sync.importBundle', { bundleBase64: exported.bundleBase64 }),
      ),
    ).toMatchObject({ status: 'already-imported', diff: null });

    const [summary] = await value<ChannelOutput<'sync.peers'>>(partner.call('sync.peers', {}));
    expect(summary).toMatchObject({
      organisation: 'Riverton Transit',
      lastReceived: { version: 1 },
      replicaCounts: { charter: 1, dataset: 1, principal: 1, grant: 1 },
      alarms: 0,
    });

    const datasets = await value<ChannelOutput<'sync.replicas'>>(
      partner.call('sync.replicas', { peer: lead.nodeId, kind: 'dataset', offset: 0, limit: 50 }),
    );
    expect(datasets).toMatchObject({
      organisation: 'Riverton Transit',
      asOf: summary?.lastReceived?.issuedAt,
      stale: false,
      total: 1,
      rows: [{ kind: 'dataset', identifier: 'bus-positions', title: 'Bus positions' }],
    });
    const grants = await value<ChannelOutput<'sync.replicas'>>(
      partner.call('sync.replicas', { peer: lead.nodeId, kind: 'grant', offset: 0, limit: 50 }),
    );
    expect(grants.rows).toEqual([
      expect.objectContaining({
        kind: 'grant',
        id: grant.id,
        principal: 'Acme analysts (Acme)',
        dataset: 'bus-positions',
        level: 'read',
      }),
    ]);
    const searched = await value<ChannelOutput<'sync.replicas'>>(
      partner.call('sync.replicas', {
        peer: lead.nodeId,
        kind: 'dataset',
        offset: 0,
        limit: 50,
        q: 'nothing like it',
      }),
    );
    expect(searched).toMatchObject({ total: 0, rows: [] });

    // A replica is the owner's to change, not this node's.
    const replicaId = datasets.rows[0]?.id ?? '';
    expect(
      await refusal(
        partner.call('catalog.update', {
          id: replicaId,
          expectedVersion: 1,
          draft: sampleDraft({ title: 'Renamed here' }),
        }),
      ),
    ).toBe('REPLICA_READ_ONLY');

    // The next snapshot carries the revocation; the detail names what changed.
    revokeGrant(lead.ws(), { id: grant.id, reason: 'No longer needed' }, accessNow);
    const second = await exportFor(lead, partner);
    await value(partner.call('sync.importBundle', { bundleBase64: second.bundleBase64 }));
    const detail = await value<ChannelOutput<'sync.peer'>>(
      partner.call('sync.peer', { nodeId: lead.nodeId }),
    );
    expect(detail.lastImport).toMatchObject({
      version: 2,
      diff: { counts: { added: 0, changed: 1, removed: 0 } },
    });
    expect(detail.lastImport?.diff.changed[0]).toMatchObject({ kind: 'grant' });
    expect(detail.lastImport?.diff.changed[0]?.fields).toContain('status');
    expect(detail.received.map((r) => [r.version, r.counts.added, r.counts.changed])).toEqual([
      [2, 0, 1],
      [1, 4, 0],
    ]);
    expect(detail.receivedTotal).toBe(2);
    expect(detail.keys).toHaveLength(1);
    expect(detail.keys[0]?.fingerprint).toBe(summary?.fingerprint);
    expect(detail.alarms).toEqual([]);
    expect(detail.transport).toBeNull();
  });

  it('refuses what the import checks refuse, with their codes', async () => {
    const { lead, partner } = await pair();
    const exported = await exportFor(lead, partner);
    // A snapshot from this node itself, or from a node nobody pinned.
    expect(
      await refusal(lead.call('sync.importBundle', { bundleBase64: exported.bundleBase64 })),
    ).toBe('PEER_UNKNOWN');
    // Not base64 at all, and bytes that are no bundle.
    expect(await refusal(partner.call('sync.importBundle', { bundleBase64: '%%%%' }))).toBe(
      'BUNDLE_MALFORMED',
    );
    expect(
      await refusal(
        partner.call('sync.importBundle', {
          bundleBase64: Buffer.from('hello').toString('base64'),
        }),
      ),
    ).toBe('BUNDLE_MALFORMED');
    // A later snapshot before the one it follows.
    const second = await exportFor(lead, partner);
    expect(
      await refusal(partner.call('sync.importBundle', { bundleBase64: second.bundleBase64 })),
    ).toBe('SNAPSHOT_PREV_MISMATCH');
    await value(partner.call('sync.importBundle', { bundleBase64: exported.bundleBase64 }));
    await value(partner.call('sync.importBundle', { bundleBase64: second.bundleBase64 }));
    expect(
      await refusal(partner.call('sync.importBundle', { bundleBase64: exported.bundleBase64 })),
    ).toBe('SNAPSHOT_ROLLBACK');

    // Revoking needs a reason; then the peer's snapshots are refused.
    expect(
      await refusal(partner.call('sync.revokePeer', { nodeId: lead.nodeId, reason: '  ' })),
    ).toBe('INVALID_INPUT');
    const revoked = await value<ChannelOutput<'sync.revokePeer'>>(
      partner.call('sync.revokePeer', { nodeId: lead.nodeId, reason: 'Contract ended' }),
    );
    expect(revoked).toMatchObject({ status: 'revoked', revokeReason: 'Contract ended' });
    const third = await exportFor(lead, partner);
    expect(
      await refusal(partner.call('sync.importBundle', { bundleBase64: third.bundleBase64 })),
    ).toBe('PEER_REVOKED');
    expect(
      await refusal(partner.call('sync.peer', { nodeId: '00000000-0000-4000-8000-000000000000' })),
    ).toBe('PEER_UNKNOWN');
  });

  it('endorses a partner’s published charter and returns the endorsement to its lead', async () => {
    const { lead, partner } = await pair();
    await value(
      partner.call('sync.importBundle', {
        bundleBase64: (await exportFor(lead, partner)).bundleBase64,
      }),
    );
    const charters = await value<ChannelOutput<'sync.replicas'>>(
      partner.call('sync.replicas', { peer: lead.nodeId, kind: 'charter', offset: 0, limit: 50 }),
    );
    const [published] = charters.rows;
    expect(published).toMatchObject({ kind: 'charter', version: 1, status: 'published' });
    expect(published?.kind === 'charter' && published.endorsement).toBeNull();

    await value(partner.call('sync.endorse', { charterId: published?.id, note: 'Board, 3 March' }));
    const after = await value<ChannelOutput<'sync.replicas'>>(
      partner.call('sync.replicas', { peer: lead.nodeId, kind: 'charter', offset: 0, limit: 50 }),
    );
    expect(after.rows[0]).toMatchObject({
      endorsement: { by: 'Grace Hopper', note: 'Board, 3 March' },
    });
    expect(
      await refusal(partner.call('sync.endorse', { charterId: published?.id, note: '' })),
    ).toBe('DUPLICATE');

    expect(await value(lead.call('sync.endorsements', {}))).toMatchObject({
      publishedVersion: 1,
      partners: [{ organisation: 'Acme', endorsedVersion: null, current: false }],
    });
    await value(
      lead.call('sync.importBundle', {
        bundleBase64: (await exportFor(partner, lead)).bundleBase64,
      }),
    );
    expect(await value(lead.call('sync.endorsements', {}))).toMatchObject({
      publishedVersion: 1,
      partners: [{ organisation: 'Acme', endorsedVersion: 1, current: true }],
    });
  });

  it('refuses what the acting member’s roles do not allow', async () => {
    const { lead, partner } = await pair();
    const alan = await value<{ id: string }>(
      lead.call('members.add', { name: 'Alan Turing', roles: ['auditor'] }),
    );
    await value(lead.call('members.actAs', { id: alan.id }));
    // An auditor pins and imports, but publishes and endorses nothing.
    expect(await refusal(lead.call('sync.exportBundle', { peer: partner.nodeId }))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(await refusal(lead.call('sync.endorse', { charterId: 'x', note: '' }))).toBe(
      'FORBIDDEN_ROLE',
    );
    const detail = await value<ChannelOutput<'sync.peer'>>(
      lead.call('sync.peer', { nodeId: partner.nodeId }),
    );
    expect(detail.summary.organisation).toBe('Acme');
  });

  it('keeps transport settings without echoing the secret, and syncs now through a shared folder', async () => {
    const { lead, partner } = await pair();
    const folder = tempDir();
    const webdav = await value<ChannelOutput<'sync.setTransport'>>(
      lead.call('sync.setTransport', {
        nodeId: partner.nodeId,
        kind: 'webdav',
        baseUrl: 'https://dav.example.org/concordat/',
        authKind: 'basic',
        username: 'riverton',
        secret: 'correct horse battery staple',
      }),
    );
    expect(webdav).toMatchObject({ kind: 'webdav', username: 'riverton', hasSecret: true });
    const detailWithDav = await lead.call('sync.peer', { nodeId: partner.nodeId });
    expect(JSON.stringify(detailWithDav)).not.toContain('correct horse');
    expect(
      await refusal(
        lead.call('sync.setTransport', {
          nodeId: partner.nodeId,
          kind: 'folder',
          path: 'relative',
        }),
      ),
    ).toBe('INVALID_INPUT');

    for (const [host, peer] of [
      [lead, partner],
      [partner, lead],
    ] as const) {
      expect(
        await value(
          host.call('sync.setTransport', { nodeId: peer.nodeId, kind: 'folder', path: folder }),
        ),
      ).toMatchObject({ kind: 'folder', path: folder });
    }

    const leadRun = await value<ChannelOutput<'sync.syncNow'>>(lead.call('sync.syncNow', {}));
    expect(leadRun.peers).toEqual([
      expect.objectContaining({ organisation: 'Acme', published: 1, imported: [], error: null }),
    ]);
    expect(leadRun.delivery).toEqual({ sent: 1, failed: 0, errors: [] });
    // Nothing changed since: no new snapshot, nothing to deliver.
    const again = await value<ChannelOutput<'sync.syncNow'>>(lead.call('sync.syncNow', {}));
    expect(again.peers[0]?.published).toBeNull();
    expect(again.delivery.sent).toBe(0);

    partner.events.length = 0;
    const partnerRun = await value<ChannelOutput<'sync.syncNow'>>(partner.call('sync.syncNow', {}));
    const [fromLead] = partnerRun.peers;
    expect(fromLead?.error).toBeNull();
    expect(fromLead?.imported.map((result) => [result.version, result.diff?.counts])).toEqual([
      [1, { added: 4, changed: 0, removed: 0 }],
    ]);
    // Every screen refetches after a round that imported something.
    expect(partner.events).toContainEqual({
      name: 'workspace.changed',
      payload: { entity: 'workspace', ids: [] },
    });

    const detail = await value<ChannelOutput<'sync.peer'>>(
      lead.call('sync.peer', { nodeId: partner.nodeId }),
    );
    expect(detail.transport).toMatchObject({ kind: 'folder', path: folder });
    expect(detail.outbox).toMatchObject({ pending: 0, lastError: null });
    expect(detail.outbox?.lastSentAt).not.toBeNull();

    // A file exported while a transport is set goes that way too.
    expect(await exportFor(lead, partner)).toMatchObject({ version: 2, queued: true });
  });

  it('carries a whole 64 MiB bundle within its size limits', () => {
    expect(MAX_SNAPSHOT_BUNDLE_BYTES).toBe(CORE_MAX_BUNDLE_BYTES);
    expect(MAX_SNAPSHOT_BUNDLE_BYTES).toBe(TRANSPORT_MAX_BUNDLE_BYTES);
    const base64 = Math.ceil(MAX_SNAPSHOT_BUNDLE_BYTES / 3) * 4;
    expect(MAX_SNAPSHOT_BUNDLE_BASE64).toBe(base64);
    // The request is `{"bundleBase64":"…"}`; the HTTP body limit is the channel's own.
    expect(contract['sync.importBundle'].maxInputBytes).toBeGreaterThan(base64 + 20);
    expect(contract['sync.importBundle'].mutates).toBe(true);
  });
});
