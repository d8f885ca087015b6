import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../core/rpc/handlers';
import { useTempDir } from '../core/testing/temp-dir';
import { WorkspaceSession } from '../core/workspace/workspace-session';
import { MAX_BODY_BYTES, type RunningWebServer, startWebServer } from './server';

const tempDir = useTempDir();
const running: { server: RunningWebServer; session: WorkspaceSession }[] = [];

afterEach(async () => {
  for (const { server, session } of running.splice(0)) {
    await server.close();
    session.close();
  }
});

async function start() {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Concordat</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  const session = new WorkspaceSession(join(dir, 'w.concordat'));
  const server = await startWebServer({
    handlers: createHandlers(session, { name: 'Concordat', version: '0', mode: 'browser' }),
    rendererDir,
    subscribe: (listener) => session.subscribe(listener),
  });
  running.push({ server, session });
  return { server, session };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP so tests control every header, including Host. */
function send(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function rpc(
  server: RunningWebServer,
  channel: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  return send(server.port, {
    method: 'POST',
    path: `/rpc/${channel}`,
    headers: {
      host: `127.0.0.1:${server.port}`,
      'content-type': 'application/json',
      authorization: `Bearer ${server.token}`,
      ...headers,
    },
    body: JSON.stringify(input),
  });
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token in the fragment', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers RPC calls with the token', async () => {
    const { server } = await start();
    const reply = await rpc(server, 'workspace.status', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { state: 'absent' } });
  });

  it('returns 401 without the token, before routing (even for unknown channels)', async () => {
    const { server } = await start();
    for (const channel of ['workspace.status', 'no.such.channel']) {
      const reply = await rpc(server, channel, {}, { authorization: '' });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    const wrong = await rpc(
      server,
      'workspace.status',
      {},
      { authorization: `Bearer ${'x'.repeat(server.token.length)}` },
    );
    expect(wrong.status).toBe(401);
    const events = await send(server.port, {
      path: '/events',
      headers: { host: `127.0.0.1:${server.port}` },
    });
    expect(events.status).toBe(401);
  });

  it('rejects a foreign Host header (DNS rebinding) on every path', async () => {
    const { server } = await start();
    const reply = await rpc(
      server,
      'workspace.status',
      {},
      { host: `evil.example:${server.port}` },
    );
    expect(reply.status).toBe(421);
    const page = await send(server.port, { path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(421);
  });

  it('rejects cross-origin calls and never sends CORS headers', async () => {
    const { server } = await start();
    const reply = await rpc(server, 'workspace.status', {}, { origin: 'https://evil.example' });
    expect(reply.status).toBe(403);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await send(server.port, {
      method: 'OPTIONS',
      path: '/rpc/workspace.status',
      headers: {
        host: `127.0.0.1:${server.port}`,
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
      },
    });
    expect(preflight.status).toBe(401);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('maps refusals to HTTP statuses with a Result body', async () => {
    const { server } = await start();
    expect((await rpc(server, 'no.such.channel', {})).status).toBe(404);
    const invalid = await rpc(server, 'workspace.create', { organisation: '' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badJson = await send(server.port, {
      method: 'POST',
      path: '/rpc/workspace.status',
      headers: {
        host: `127.0.0.1:${server.port}`,
        'content-type': 'application/json',
        authorization: `Bearer ${server.token}`,
      },
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    const wrongType = await rpc(server, 'workspace.status', {}, { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
  });

  it('refuses bodies over the limit without writing', async () => {
    const { server, session } = await start();
    const huge = Buffer.alloc(MAX_BODY_BYTES + 10, 0x20);
    const reply = await send(server.port, {
      method: 'POST',
      path: '/rpc/workspace.create',
      headers: {
        host: `127.0.0.1:${server.port}`,
        'content-type': 'application/json',
        authorization: `Bearer ${server.token}`,
      },
      body: huge,
    }).catch(() => ({ status: 413, headers: {}, body: '' }));
    expect(reply.status).toBe(413);
    expect(session.status().state).toBe('absent');
  });

  it('reads a snapshot bundle past the default body limit, and maps sync refusals', async () => {
    const { server } = await start();
    await rpc(server, 'workspace.create', {
      organisation: 'Metro',
      operator: 'Ada',
      roles: ['lead'],
    });
    // The import channel's own limit (a 64 MiB bundle in base64) applies, not the default.
    const bundleBase64 = Buffer.alloc(2 * MAX_BODY_BYTES, 0x41).toString('base64');
    const refused = await rpc(server, 'sync.importBundle', { bundleBase64 });
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.body)).toMatchObject({
      ok: false,
      error: { code: 'BUNDLE_MALFORMED' },
    });
    const unknown = await rpc(server, 'sync.peer', {
      nodeId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'PEER_UNKNOWN' } });
  });

  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const { server } = await start();
    const host = { host: `127.0.0.1:${server.port}` };
    const page = await send(server.port, { path: '/', headers: host });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(
      (await send(server.port, { path: '/assets/app.js', headers: host })).headers['content-type'],
    ).toMatch(/javascript/);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const reply = await send(server.port, { path, headers: host });
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('do not serve');
    }
  });

  it('streams change events to an authorised subscriber', async () => {
    const { server } = await start();
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/events',
          headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}` },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            if (text.includes('data: ')) {
              resolve(text);
              req.destroy();
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    await rpc(server, 'workspace.create', {
      organisation: 'Acme',
      operator: 'Ada',
      roles: ['steward'],
    });
    const text = await received;
    const line = text.split('\n').find((l) => l.startsWith('data: '));
    expect(JSON.parse(line!.slice(6))).toEqual({
      name: 'workspace.changed',
      payload: { entity: 'workspace', ids: [] },
    });
  });
});
