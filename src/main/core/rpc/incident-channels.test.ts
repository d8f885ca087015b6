import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../../shared/contract/channels';
import { addPrincipal, approveGrant, requestGrant } from '../access/access-commands';
import { todayOf } from '../access/access-queries';
import { createDataset } from '../catalog/catalog-commands';
import { sampleDraft } from '../testing/charter-setup';
import { useTempDir } from '../testing/temp-dir';
import { WorkspaceSession } from '../workspace/workspace-session';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

const tempDir = useTempDir();

async function value<T>(
  result: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>,
) {
  const answer = await result;
  if (!answer.ok) throw new Error(`expected ok, got ${JSON.stringify(answer.error)}`);
  return answer.value as T;
}

describe('incident channels', () => {
  it('records, escalates, suspends grants and resolves, telling the renderer what changed', async () => {
    const session = new WorkspaceSession(join(tempDir(), 'w.concordat'));
    const handlers = createHandlers(session, {
      name: 'Concordat',
      version: '0.0.0-test',
      mode: 'browser',
    });
    const call = (channel: string, input: unknown) => dispatch(handlers, channel, input);
    await value(
      call('workspace.create', {
        organisation: 'Metro',
        operator: 'Ada',
        roles: ['lead', 'steward'],
      }),
    );
    for (const [channel, input] of [
      ['charter.submit', {}],
      ['charter.approve', { note: '' }],
      ['charter.publish', {}],
    ] as const) {
      await value(call(channel, { version: 1, expectedRevision: 1, ...input }));
    }
    // Records are set up through the core: this test is about the incident channels.
    const ws = session.require();
    const dataset = createDataset(ws, sampleDraft());
    const principal = addPrincipal(ws, {
      kind: 'partner-role',
      name: 'Acme analysts',
      organisation: 'Acme',
      tier: 'standard',
      legalBases: [],
    });
    const grant = approveGrant(ws, {
      id: requestGrant(ws, {
        principalId: principal.id,
        datasetId: dataset.id,
        level: 'read',
        purpose: 'dpv:ServiceProvision',
        start: todayOf(),
        until: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
        justification: 'Analysis',
      }).id,
    });
    const events: unknown[] = [];
    session.subscribe((event) => events.push(event));

    const incident = await value<ChannelOutput<'incidents.record'>>(
      call('incidents.record', {
        subject: { kind: 'dataset', ref: dataset.id },
        severity: 'medium',
        title: 'Feed exposed',
        description: 'The feed URL was shared on a forum.',
      }),
    );
    expect(events).toEqual([
      { name: 'workspace.changed', payload: { entity: 'incident', ids: [incident.id] } },
    ]);
    // The contract refuses a stale-less step: the renderer must say which version it saw.
    expect(
      await call('incidents.escalate', { id: incident.id, to: 'CISO', note: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const escalated = await value<ChannelOutput<'incidents.escalate'>>(
      call('incidents.escalate', {
        id: incident.id,
        expectedVersion: 1,
        to: 'CISO',
        note: 'Personal data',
        severity: 'high',
      }),
    );
    expect(escalated).toMatchObject({ status: 'escalated', severity: 'high', version: 2 });

    const acted = await value<ChannelOutput<'incidents.actOnGrants'>>(
      call('incidents.actOnGrants', {
        incidentId: incident.id,
        grantIds: [grant.id],
        action: 'suspend',
        reason: 'While we look',
      }),
    );
    expect(acted.grants.map((g) => g.status)).toEqual(['suspended']);
    expect(events.slice(-2)).toEqual([
      { name: 'workspace.changed', payload: { entity: 'access', ids: [grant.id] } },
      { name: 'workspace.changed', payload: { entity: 'incident', ids: [incident.id] } },
    ]);

    const detail = await value<ChannelOutput<'incidents.get'>>(
      call('incidents.get', { id: incident.id }),
    );
    expect(detail.grantsInScope.map((g) => [g.id, g.status])).toEqual([[grant.id, 'suspended']]);
    expect(detail.grantSteps).toEqual([
      expect.objectContaining({ grantId: grant.id, kind: 'suspended', reason: 'While we look' }),
    ]);

    const stale = await call('incidents.resolve', {
      id: incident.id,
      expectedVersion: 1,
      resolution: 'Done',
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await value(
      call('incidents.resolve', { id: incident.id, expectedVersion: 2, resolution: 'URL rotated' }),
    );
    expect(
      await value<ChannelOutput<'incidents.list'>>(
        call('incidents.list', { status: ['open', 'escalated'] }),
      ),
    ).toEqual({ rows: [], total: 0 });
    session.close();
  });
});
