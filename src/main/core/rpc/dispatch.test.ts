import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

const setup = { organisation: 'Acme', operator: 'Ada', roles: ['lead', 'steward'] };

/** Takes the new workspace's template charter through review to publication, over the contract. */
async function publishFirstCharter(call: (channel: unknown, input: unknown) => Promise<unknown>) {
  for (const [channel, input] of [
    ['charter.submit', {}],
    ['charter.approve', { note: '' }],
    ['charter.publish', {}],
  ] as const) {
    expect(await call(channel, { version: 1, expectedRevision: 1, ...input })).toMatchObject({
      ok: true,
      value: { version: 1 },
    });
  }
}
const draft = sampleDraft({ identifier: 'trips', title: 'Trips' });

describe('contract dispatch', () => {
  it('answers a valid call with ok and the parsed output', async () => {
    const { call } = newSession();
    expect(await call('workspace.status', {})).toMatchObject({
      ok: true,
      value: { state: 'absent' },
    });
    expect(await call('workspace.create', setup)).toMatchObject({
      ok: true,
      value: { state: 'open', node: { organisation: 'Acme' } },
    });
  });

  it('refuses unknown channels, including prototype names', async () => {
    const { call } = newSession();
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      expect(await call(channel, {})).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      });
    }
  });

  it('refuses unknown keys (strict parsing) with the offending path', async () => {
    const { call } = newSession();
    const result = await call('workspace.create', { ...setup, admin: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(result.ok || result.error.message).toMatch(/admin/);
  });

  it('refuses a __proto__ key smuggled through JSON', async () => {
    const { call } = newSession();
    const input: unknown = JSON.parse(
      `{"organisation":"A","operator":"B","roles":["lead"],"__proto__":{"polluted":true}}`,
    );
    expect(await call('workspace.create', input)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses wrongly typed and missing fields, naming them', async () => {
    const { call } = newSession();
    await call('workspace.create', setup);
    const result = await call('catalog.create', {
      draft: { ...draft, identifier: 'Not Valid!', title: 7 },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_INPUT');
      expect(result.error.issues?.map((i) => i.path)).toEqual(
        expect.arrayContaining(['draft.identifier', 'draft.title']),
      );
    }
  });

  it('refuses oversize payloads before parsing', async () => {
    const { call } = newSession();
    await call('workspace.create', setup);
    const result = await call('catalog.create', {
      draft: { ...draft, description: 'x'.repeat(300_000) },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('refuses values JSON cannot carry', async () => {
    const { call } = newSession();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await call('catalog.list', cyclic)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('catalog.list', { offset: 10n })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('says a workspace is needed before catalog calls work', async () => {
    const { call } = newSession();
    expect(await call('catalog.list', {})).toMatchObject({
      ok: false,
      error: { code: 'WORKSPACE_ABSENT' },
    });
  });

  it('emits a change event after a successful write and none after a refused one', async () => {
    const { call, session } = newSession();
    await call('workspace.create', setup);
    await publishFirstCharter(call);
    const events: unknown[] = [];
    session.subscribe((event) => events.push(event));
    const created = await call('catalog.create', { draft });
    expect(created.ok).toBe(true);
    await call('catalog.create', { draft });
    expect(events).toEqual([
      {
        name: 'workspace.changed',
        payload: {
          entity: 'dataset',
          ids: [created.ok ? (created.value as { id: string }).id : ''],
        },
      },
    ]);
    session.close();
  });

  it('hides unexpected errors behind INTERNAL without a stack trace', async () => {
    const handlers = createHandlers(new WorkspaceSession(join(tempDir(), 'x.concordat')), {
      name: 'Concordat',
      version: '0',
      mode: 'browser',
    });
    const broken = {
      ...handlers,
      'app.info': () => {
        throw new TypeError('boom at secret/path.ts:12');
      },
    };
    const result = await dispatch(broken, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toMatch(/boom|secret/);
  });
});
