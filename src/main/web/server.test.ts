import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { authorisedHeaders, rawRequest } from '../core/reliability/fuzz/raw-http';
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

  describe('hardening (issue 7, item 7)', () => {
    /** Whether anything accepts a TCP connection at host:port. */
    function accepts(host: string, port: number): Promise<boolean> {
      return new Promise((resolve) => {
        const socket = connect({ host, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    }

    it('is reachable on 127.0.0.1 only: not on ::1, not on the machine’s other addresses', async () => {
      const { server } = await start();
      expect(await accepts('127.0.0.1', server.port)).toBe(true);
      expect(await accepts('::1', server.port)).toBe(false);
      const external = Object.values(networkInterfaces())
        .flat()
        .filter((address) => address !== undefined && !address.internal)
        .map((address) => address!.address);
      for (const address of external)
        expect(await accepts(address, server.port), address).toBe(false);
    });

    it('refuses a missing, wrong or misplaced token with 401 before anything else', async () => {
      const { server, session } = await start();
      const host: [string, string] = ['Host', `127.0.0.1:${server.port}`];
      const json: [string, string] = ['Content-Type', 'application/json'];
      const variants: [string, [string, string][], string][] = [
        ['no header', [host, json], '/rpc/workspace.create'],
        [
          'lower-case scheme',
          [host, json, ['Authorization', `bearer ${server.token}`]],
          '/rpc/workspace.create',
        ],
        [
          'Basic scheme',
          [host, json, ['Authorization', `Basic ${server.token}`]],
          '/rpc/workspace.create',
        ],
        [
          'a second word',
          [host, json, ['Authorization', `Bearer ${server.token} x`]],
          '/rpc/workspace.create',
        ],
        [
          'a prefix of it',
          [host, json, ['Authorization', `Bearer ${server.token.slice(0, -1)}`]],
          '/rpc/workspace.create',
        ],
        ['in the query', [host, json], `/rpc/workspace.create?token=${server.token}`],
        ['in a cookie', [host, json, ['Cookie', `token=${server.token}`]], '/rpc/workspace.create'],
        ['in the fragment', [host, json], `/rpc/workspace.create#token=${server.token}`],
      ];
      const body = JSON.stringify({ organisation: 'Evil', operator: 'Mallory', roles: ['lead'] });
      for (const [name, headers, path] of variants) {
        const reply = await rawRequest(server.port, {
          method: 'POST',
          path,
          headers: [...headers, ['Content-Length', String(body.length)], ['Connection', 'close']],
          body,
        });
        expect(reply.status, name).toBe(401);
        expect(JSON.parse(reply.body), name).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
      expect(session.status().state).toBe('absent');
    });

    it('answers 421 to any Host but its own address and port, including none at all', async () => {
      const { server } = await start();
      const auth: [string, string] = ['Authorization', `Bearer ${server.token}`];
      for (const host of [
        null,
        '127.0.0.1',
        `127.0.0.1:${server.port + 1}`,
        `evil.example:${server.port}`,
        `127.0.0.1.evil.example:${server.port}`,
        `[::1]:${server.port}`,
        `0.0.0.0:${server.port}`,
      ]) {
        const reply = await rawRequest(server.port, {
          method: 'POST',
          path: '/rpc/workspace.status',
          headers: [
            ...(host === null ? [] : [['Host', host] as [string, string]]),
            auth,
            ['Content-Type', 'application/json'],
            ['Content-Length', '2'],
            ['Connection', 'close'],
          ],
          body: '{}',
        });
        // Node itself answers 400 to an HTTP/1.1 request without Host; either way, no answer.
        expect([400, 421], String(host)).toContain(reply.status);
        expect(reply.body).not.toContain('"ok":true');
      }
      const local = await rpc(server, 'workspace.status', {}, { host: `localhost:${server.port}` });
      expect(local.status).toBe(200);
    });

    it('sends no CORS header on any answer, preflights included', async () => {
      const { server } = await start();
      const host = `127.0.0.1:${server.port}`;
      const replies = [
        await send(server.port, {
          method: 'OPTIONS',
          path: '/',
          headers: { host, origin: 'https://evil.example', 'access-control-request-method': 'GET' },
        }),
        await send(server.port, {
          method: 'OPTIONS',
          path: '/rpc/workspace.status',
          headers: {
            host,
            origin: 'null',
            authorization: `Bearer ${server.token}`,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        }),
        await rpc(server, 'workspace.status', {}, { origin: `http://${host}` }),
        await rpc(server, 'workspace.status', {}, { origin: 'null' }),
        await send(server.port, { path: '/', headers: { host, origin: 'https://evil.example' } }),
      ];
      // A preflight carrying the token still meets the origin check first.
      expect(replies.map((reply) => reply.status)).toEqual([405, 403, 200, 403, 200]);
      for (const reply of replies) {
        const cors = Object.keys(reply.headers).filter((name) =>
          name.startsWith('access-control-'),
        );
        expect(cors).toEqual([]);
      }
    });

    it('answers an oversized declared body with 413 before it is sent', async () => {
      const { server, session } = await start();
      const reply = await rawRequest(server.port, {
        method: 'POST',
        path: '/rpc/workspace.create',
        headers: authorisedHeaders(
          server,
          ['Content-Type', 'application/json'],
          ['Content-Length', String(100 * 1024 * 1024)],
        ),
        // Headers only: the server must not wait for the 100 MB it was promised.
        timeoutMs: 3000,
      });
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(reply.headers.connection).toBe('close');
      expect(session.status().state).toBe('absent');
    });

    it('answers a streamed body that passes the limit with 413, not a reset, long before its end', async () => {
      const { server, session } = await start();
      const reply = await rawRequest(server.port, {
        method: 'POST',
        path: '/rpc/workspace.create',
        headers: authorisedHeaders(
          server,
          ['Content-Type', 'application/json'],
          ['Transfer-Encoding', 'chunked'],
        ),
        stream: 64 * 1024 * 1024,
      });
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      // The answer came after little more than the channel's limit (256 KiB), not 64 MB.
      expect(reply.sentBeforeAnswer).toBeLessThan(8 * 1024 * 1024);
      expect(session.status().state).toBe('absent');
    });

    it('opens the event stream for GET only; other methods get an answer, not a hanging socket', async () => {
      const { server } = await start();
      for (const method of ['HEAD', 'POST', 'PUT']) {
        const reply = await rawRequest(server.port, {
          method,
          path: '/events',
          headers: authorisedHeaders(server, ['Connection', 'close']),
          timeoutMs: 3000,
        });
        expect(reply.status, method).toBe(405);
      }
    });

    it('answers a path that is not valid percent-encoding, or no URL at all, typed and not with a 500', async () => {
      const { server } = await start();
      for (const path of ['/rpc/%E0%A4%A', '/rpc/%', '/rpc/%00', '/rpc/catalog%2elist%FF']) {
        const reply = await rawRequest(server.port, {
          method: 'POST',
          path,
          headers: authorisedHeaders(
            server,
            ['Content-Type', 'application/json'],
            ['Content-Length', '2'],
            ['Connection', 'close'],
          ),
          body: '{}',
        });
        expect(reply.status, path).toBe(404);
        expect(JSON.parse(reply.body), path).toMatchObject({ error: { code: 'UNKNOWN_CHANNEL' } });
      }
      // A request target that is no URL at all: 400, typed, not an unexpected failure.
      for (const path of ['http://[', '//[', 'http://%zz/']) {
        const reply = await rawRequest(server.port, {
          path,
          headers: [
            ['Host', `127.0.0.1:${server.port}`],
            ['Connection', 'close'],
          ],
        });
        expect(reply.status, path).toBe(400);
        expect(JSON.parse(reply.body), path).toMatchObject({ error: { code: 'INVALID_INPUT' } });
      }
    });
  });
});
