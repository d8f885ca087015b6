import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../../shared/contract/channels';
import { todayOf } from '../access/access-queries';
import { sampleDraft } from '../testing/charter-setup';
import { useTempDir } from '../testing/temp-dir';
import { WorkspaceSession } from '../workspace/workspace-session';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

const tempDir = useTempDir();

function newSession() {
  const session = new WorkspaceSession(join(tempDir(), 'w.concordat'));
  const handlers = createHandlers(session, {
    name: 'Concordat',
    version: '0.0.0-test',
    mode: 'browser',
  });
  return {
    session,
    call: (channel: unknown, input: unknown) => dispatch(handlers, channel, input),
  };
}

/** The value of a call that must succeed. */
async function value<T>(
  result: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>,
) {
  const answer = await result;
  if (!answer.ok) throw new Error(`expected ok, got ${JSON.stringify(answer.error)}`);
  return answer.value as T;
}

/** A day `days` after today (UTC), as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('access channels', () => {
  it('adds a principal, explains, refuses a denied request unwritten, lists an allowed one', async () => {
    const { call, session } = newSession();
    await value(
      call('workspace.create', {
        organisation: 'Acme',
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
    const dataset = await value<ChannelOutput<'catalog.create'>>(
      call('catalog.create', { draft: sampleDraft() }),
    );
    const events: unknown[] = [];
    session.subscribe((event) => events.push(event));

    const principal = await value<ChannelOutput<'access.addPrincipal'>>(
      call('access.addPrincipal', {
        kind: 'partner-role',
        name: 'Metro analysts',
        organisation: 'Metro',
        tier: 'standard',
        legalBases: [],
      }),
    );
    expect(principal).toMatchObject({ name: 'Metro analysts', tier: 'standard', version: 1 });
    expect(await value(call('access.principals', {}))).toEqual([principal]);
    expect(events).toEqual([
      { name: 'workspace.changed', payload: { entity: 'access', ids: [principal.id] } },
    ]);

    const request = {
      principalId: principal.id,
      datasetId: dataset.id,
      level: 'read',
      purpose: 'dpv:ServiceProvision',
      start: todayOf(),
      until: dayFromToday(30),
      justification: 'Punctuality analysis',
    };
    const tooLong = { ...request, until: dayFromToday(20 * 366) };
    // Explain takes no justification: the form asks before there is one.
    const { justification: _unused, ...explainable } = request;

    const explained = await value<ChannelOutput<'access.explain'>>(
      call('access.explain', {
        principalId: principal.id,
        datasetId: dataset.id,
        level: 'read',
        purpose: 'dpv:ServiceProvision',
        until: tooLong.until,
      }),
    );
    expect(explained.decision).toBe('deny');
    expect(explained.reasons).toContainEqual(
      expect.objectContaining({ rule: 'duration.within_maximum', outcome: 'fail' }),
    );

    const denied = await call('access.requestGrant', tooLong);
    expect(denied).toMatchObject({ ok: false, error: { code: 'POLICY_DENIED' } });
    expect(denied.ok || denied.error.issues?.map((issue) => issue.path)).toContain(
      'duration.within_maximum',
    );
    expect(await value(call('access.grants', {}))).toMatchObject({ rows: [], total: 0 });
    expect(events).toHaveLength(1);

    expect(await value(call('access.explain', explainable))).toMatchObject({
      decision: 'allow',
    });
    const grant = await value<ChannelOutput<'access.requestGrant'>>(
      call('access.requestGrant', request),
    );
    expect(grant).toMatchObject({ status: 'requested', version: 1 });
    expect(events.at(-1)).toEqual({
      name: 'workspace.changed',
      payload: { entity: 'access', ids: [grant.id] },
    });

    const page = await value<ChannelOutput<'access.grants'>>(
      call('access.grants', {
        principalId: principal.id,
        status: ['requested'],
        sort: { field: 'untilDay', direction: 'desc' },
        limit: 10,
      }),
    );
    expect(page).toMatchObject({ total: 1, offset: 0, today: todayOf() });
    expect(page.rows).toEqual([
      expect.objectContaining({
        id: grant.id,
        status: 'requested',
        principalName: 'Metro analysts (Metro)',
        datasetIdentifier: dataset.identifier,
        policy: { decision: 'allow', failed: [] },
      }),
    ]);
    expect(await call('access.grants', { limit: 501 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    session.close();
  });
});
