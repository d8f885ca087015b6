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

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string } };

async function value<T>(result: Promise<Answer>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(`expected ok, got ${JSON.stringify(answer.error)}`);
  return answer.value as T;
}

/**
 * Over the contract: the template governs, an active read grant of a standard-tier partner
 * on operational data exists, and version 2 (in review) caps that tier at aggregate.
 */
async function tightenedWorkspace() {
  const session = new WorkspaceSession(join(tempDir(), 'w.concordat'));
  const handlers = createHandlers(session, { name: 'Concordat', version: '0', mode: 'browser' });
  const call = (channel: string, input: unknown) =>
    dispatch(handlers, channel, input) as Promise<Answer>;
  await value(
    call('workspace.create', { organisation: 'Acme', operator: 'Ada', roles: ['lead', 'steward'] }),
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
  const principal = await value<ChannelOutput<'access.addPrincipal'>>(
    call('access.addPrincipal', {
      kind: 'partner-role',
      name: 'Metro analysts',
      organisation: 'Metro',
      tier: 'standard',
      legalBases: [],
    }),
  );
  const requested = await value<ChannelOutput<'access.requestGrant'>>(
    call('access.requestGrant', {
      principalId: principal.id,
      datasetId: dataset.id,
      level: 'read',
      purpose: 'dpv:ServiceProvision',
      start: todayOf(),
      until: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      justification: 'Punctuality analysis',
    }),
  );
  await value(call('access.approveGrant', { id: requested.id, expectedVersion: 1 }));
  const draft = await value<ChannelOutput<'charter.createDraft'>>(
    call('charter.createDraft', { basedOn: 1 }),
  );
  const content = structuredClone(draft.content);
  const operational = content.categories.find((c) => c.id === 'operational');
  if (operational) operational.maxAccess.standard = 'aggregate';
  const saved = await value<ChannelOutput<'charter.saveDraft'>>(
    call('charter.saveDraft', { version: 2, expectedRevision: draft.revision, content }),
  );
  const step = { version: 2, expectedRevision: saved.revision };
  await value(call('charter.submit', step));
  return { session, call, step, grantId: requested.id };
}

describe('charter impact and approval channels', () => {
  it('shows the impact, refuses approval without a remediation, records the one given', async () => {
    const { session, call, step, grantId } = await tightenedWorkspace();

    const impact = await value<ChannelOutput<'charter.impact'>>(
      call('charter.impact', { version: 2 }),
    );
    expect(impact).toMatchObject({ version: 2, governingVersion: 1, unchanged: 0 });
    expect(impact.outOfBounds.map((item) => item.grantId)).toEqual([grantId]);

    expect(await call('charter.approve', { ...step, note: '' })).toMatchObject({
      ok: false,
      error: { code: 'REMEDIATION_REQUIRED' },
    });
    expect(
      await call('charter.approve', {
        ...step,
        note: '',
        remediations: [{ grantId, action: 'accept', justification: 'x', level: 'aggregate' }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const events: unknown[] = [];
    session.subscribe((event) => events.push(event));
    const approved = await value<ChannelOutput<'charter.approve'>>(
      call('charter.approve', {
        ...step,
        note: 'Tighter',
        remediations: [{ grantId, action: 'revoke', justification: 'Aggregates will do' }],
      }),
    );
    expect(approved.status).toBe('approved');
    expect(events).toEqual([
      { name: 'workspace.changed', payload: { entity: 'charter', ids: [approved.id] } },
      { name: 'workspace.changed', payload: { entity: 'access', ids: [grantId] } },
    ]);

    const shown = await value<ChannelOutput<'charter.get'>>(call('charter.get', { version: 2 }));
    expect(shown.approvalRecord).toEqual({
      governingVersion: 1,
      outOfBounds: 1,
      newlyAllowed: 0,
      unchanged: 0,
      remediations: [
        { action: 'revoke', justification: 'Aggregates will do', grantIds: [grantId] },
      ],
    });
    const first = await value<ChannelOutput<'charter.get'>>(call('charter.get', { version: 1 }));
    expect(first.approvalRecord).toMatchObject({ outOfBounds: 0, remediations: [] });
    session.close();
  });
});
