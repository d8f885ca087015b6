import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX_BINARY, startNginxWebdav, type NginxWebdav } from '../testing/nginx-webdav';
import { accessNow, setUpGrantScenario } from '../testing/access-setup';
import { leadSetup, partnerSetup, pin, useSyncWorkspaces } from '../testing/sync-setup';
import { approveGrant, requestGrant } from '../access/access-commands';
import type { Workspace } from '../workspace/workspace';
import { charterEndorsements, endorseCharter } from './endorsements';
import { outboxState } from './outbox/outbox';
import { setPeerTransport } from './outbox/transport-settings';
import { runSync } from './sync-run';

function useWebdav(server: () => NginxWebdav, host: Workspace, peer: Workspace): void {
  setPeerTransport(
    host.sqlite,
    {
      peerId: peer.node.nodeId,
      kind: 'webdav',
      baseUrl: `${server().baseUrl}/dav/`,
      authKind: 'basic',
      username: server().basicUser,
      secret: server().basicPassword,
    },
    new Date().toISOString(),
  );
}

describe.skipIf(!existsSync(NGINX_BINARY))('sync rounds through a real WebDAV server', () => {
  const workspace = useSyncWorkspaces();
  let nginx: NginxWebdav;
  beforeAll(async () => {
    nginx = await startNginxWebdav();
  });
  afterAll(async () => {
    await nginx.stop();
  });

  it('publishes, receives, endorses and returns the endorsement, each side running its own rounds', async () => {
    const lead = workspace(leadSetup, 'lead');
    const partner = workspace(partnerSetup, 'partner');
    pin(lead, partner, { relationship: 'partner', tier: 'standard' });
    pin(partner, lead, { relationship: 'partner', tier: null });
    useWebdav(() => nginx, lead, partner);
    useWebdav(() => nginx, partner, lead);
    const { request } = setUpGrantScenario(lead);
    approveGrant(lead, { id: requestGrant(lead, request, accessNow).id }, accessNow);

    const first = await runSync(lead);
    expect(first.peers[0]?.published).toBe(1);
    expect(first.delivery).toMatchObject({ sent: 1, failed: 0 });
    // Nothing changed: the next round sends nothing new.
    expect((await runSync(lead)).peers[0]?.published).toBeNull();

    const received = await runSync(partner);
    expect(received.peers[0]?.imported.map((r) => r.status)).toEqual(['imported']);
    const charter = partner.sqlite
      .prepare("SELECT id FROM charter_version WHERE owner_node = ? AND status = 'published'")
      .pluck()
      .get(lead.node.nodeId) as string;
    endorseCharter(partner, { charterId: charter });
    await runSync(partner);
    await runSync(lead);
    expect(charterEndorsements(lead).partners[0]).toMatchObject({
      endorsedVersion: 1,
      current: true,
    });
  });

  it('keeps a snapshot queued with the error shown while the server is down, then delivers it', async () => {
    const lead = workspace(leadSetup, 'lead');
    const partner = workspace(partnerSetup, 'partner');
    pin(lead, partner, { relationship: 'partner', tier: 'standard' });
    const down = await startNginxWebdav();
    const dead = { ...down };
    await down.stop();
    useWebdav(() => dead, lead, partner);
    const round = await runSync(lead);
    expect(round.delivery.failed).toBe(1);
    expect(round.delivery.errors[0]?.code).toBe('TRANSPORT_UNREACHABLE');
    const [state] = outboxState(lead.sqlite);
    expect(state).toMatchObject({ pending: 1, lastError: { code: 'TRANSPORT_UNREACHABLE' } });
    // The server is back (here: another one); the next due round delivers.
    useWebdav(() => nginx, lead, partner);
    const later = new Date(Date.now() + 2 * 3600_000);
    const retry = await runSync(lead, { now: later });
    expect(retry.delivery.sent).toBe(1);
    expect(outboxState(lead.sqlite)[0]?.pending).toBe(0);
  });
});

describe('sync rounds through a shared folder', () => {
  const workspace = useSyncWorkspaces();
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('moves snapshots both ways through one folder', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'concordat-shared-'));
    folders.push(shared);
    const lead = workspace(leadSetup, 'lead');
    const partner = workspace(partnerSetup, 'partner');
    pin(lead, partner, { relationship: 'partner', tier: 'standard' });
    pin(partner, lead, { relationship: 'partner', tier: null });
    const now = new Date().toISOString();
    setPeerTransport(
      lead.sqlite,
      { peerId: partner.node.nodeId, kind: 'folder', path: shared },
      now,
    );
    setPeerTransport(
      partner.sqlite,
      { peerId: lead.node.nodeId, kind: 'folder', path: shared },
      now,
    );
    await runSync(lead);
    const round = await runSync(partner);
    expect(round.peers[0]?.imported[0]?.status).toBe('imported');
    expect(
      existsSync(join(shared, partner.node.nodeId, lead.node.nodeId, '00000001.snapshot')),
    ).toBe(true);
  });
});
