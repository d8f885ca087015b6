import {
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { NGINX_BINARY, startNginxWebdav, type NginxWebdav } from '../../testing/nginx-webdav';
import { MAX_BUNDLE_BYTES, snapshotKey } from './transport';
import { createWebdavTransport, type WebdavTransportOptions } from './webdav-transport';

const recipient = '3f0c5a9e-8b1d-4c2e-9f3a-0123456789ab';
const issuer = 'a1b2c3d4-e5f6-4789-8abc-def012345678';
const key = snapshotKey(recipient, issuer, 3);
const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);

describe.skipIf(!existsSync(NGINX_BINARY))('the WebDAV transport against nginx', () => {
  let server: NginxWebdav;
  /** Every refusal a test saw, checked at the end for leaked credentials. */
  const seen: AppError[] = [];

  beforeAll(async () => {
    server = await startNginxWebdav();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function refusal(work: Promise<unknown>): Promise<AppError> {
    const error = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof AppError)) throw new Error(`Expected an AppError, got ${String(error)}`);
    seen.push(error);
    return error;
  }

  const basic = (password = server.basicPassword): WebdavTransportOptions['auth'] => ({
    kind: 'basic',
    username: server.basicUser,
    password,
  });

  it('puts and gets with basic authentication, one folder per peer', async () => {
    const transport = createWebdavTransport({ baseUrl: `${server.baseUrl}/dav`, auth: basic() });
    expect(transport.label).toBe(`${server.baseUrl}/dav/`);
    await transport.put(key, bytes);
    expect(readFileSync(join(server.root, 'dav', key))).toEqual(Buffer.from(bytes));
    expect(await transport.get(key)).toEqual(bytes);
    // Overwriting is fine: the outbox may deliver the same version twice.
    await transport.put(key, bytes);
  });

  it('refuses a wrong password or none with TRANSPORT_AUTH', async () => {
    const wrong = createWebdavTransport({
      baseUrl: `${server.baseUrl}/dav/`,
      auth: basic('wrong-password'),
    });
    const error = await refusal(wrong.get(key));
    expect(error.code).toBe('TRANSPORT_AUTH');
    expect(error.message).toMatch(/username and password/);
    expect((await refusal(wrong.put(key, bytes))).code).toBe('TRANSPORT_AUTH');

    const anonymous = createWebdavTransport({
      baseUrl: `${server.baseUrl}/dav/`,
      auth: { kind: 'none' },
    });
    expect((await refusal(anonymous.get(key))).code).toBe('TRANSPORT_AUTH');
  });

  it('puts and gets with a bearer token, and refuses a wrong one', async () => {
    const baseUrl = `${server.baseUrl}/bearer/`;
    const right = createWebdavTransport({
      baseUrl,
      auth: { kind: 'bearer', token: server.bearerToken },
    });
    await right.put(key, bytes);
    expect(await right.get(key)).toEqual(bytes);

    const wrong = createWebdavTransport({
      baseUrl,
      auth: { kind: 'bearer', token: `${server.bearerToken}x` },
    });
    const error = await refusal(wrong.get(key));
    expect(error.code).toBe('TRANSPORT_AUTH');
    expect(error.message).toMatch(/token/);
  });

  it('answers null for a bundle that is not there', async () => {
    const transport = createWebdavTransport({
      baseUrl: `${server.baseUrl}/open/`,
      auth: { kind: 'none' },
    });
    expect(await transport.get(snapshotKey(recipient, issuer, 99))).toBeNull();
  });

  it('makes the peer folders with MKCOL where the server does not make them on PUT', async () => {
    const transport = createWebdavTransport({
      baseUrl: `${server.baseUrl}/flat/`,
      auth: { kind: 'none' },
    });
    await transport.put(key, bytes);
    await transport.put(snapshotKey(recipient, issuer, 4), bytes);
    await transport.put(snapshotKey(issuer, recipient, 1), bytes);
    expect(statSync(join(server.root, 'flat', recipient, issuer)).isDirectory()).toBe(true);
    expect(await transport.get(snapshotKey(issuer, recipient, 1))).toEqual(bytes);

    const missingBase = createWebdavTransport({
      baseUrl: `${server.baseUrl}/flat/no-such-folder/`,
      auth: { kind: 'none' },
    });
    const error = await refusal(missingBase.put(key, bytes));
    expect(error.code).toBe('TRANSPORT_FAILED');
    expect(error.message).toMatch(/409/);
  });

  it('trusts the server over https only with its CA', async (context) => {
    if (!server.httpsBaseUrl || !server.caPem) {
      context.skip(server.httpsSkipReason ?? 'no https');
      return;
    }
    const trusted = createWebdavTransport({
      baseUrl: `${server.httpsBaseUrl}/dav/`,
      auth: basic(),
      ca: server.caPem,
    });
    await trusted.put(key, bytes);
    expect(await trusted.get(key)).toEqual(bytes);

    const untrusting = createWebdavTransport({
      baseUrl: `${server.httpsBaseUrl}/dav/`,
      auth: basic(),
    });
    const error = await refusal(untrusting.get(key));
    expect(error.code).toBe('TRANSPORT_TLS');
    expect(error.message).toMatch(/CA certificate/);
  });

  it('caps what it downloads and what it uploads', async () => {
    const oversized = snapshotKey(recipient, issuer, 5);
    const file = join(server.root, 'open', oversized);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '');
    truncateSync(file, MAX_BUNDLE_BYTES + 1);
    const transport = createWebdavTransport({
      baseUrl: `${server.baseUrl}/open/`,
      auth: { kind: 'none' },
    });
    expect((await refusal(transport.get(oversized))).code).toBe('BUNDLE_TOO_LARGE');
    expect((await refusal(transport.put(key, new Uint8Array(MAX_BUNDLE_BYTES + 1)))).code).toBe(
      'BUNDLE_TOO_LARGE',
    );
  });

  it('stops a download with no declared length once it passes the cap', async () => {
    // nginx always declares a length; this server streams chunks without one, forever.
    let closed = false;
    const endless = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(1024 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => (closed = true));
      pump();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    const { port } = endless.address() as { port: number };
    try {
      const transport = createWebdavTransport({
        baseUrl: `http://127.0.0.1:${String(port)}/`,
        auth: { kind: 'none' },
      });
      expect((await refusal(transport.get(key))).code).toBe('BUNDLE_TOO_LARGE');
      await expect.poll(() => closed).toBe(true);
    } finally {
      endless.closeAllConnections();
      await new Promise((resolve) => endless.close(resolve));
    }
  });

  it('does not follow redirects', async () => {
    // nginx redirects a request for a folder without its trailing slash.
    const folderKey = snapshotKey(recipient, issuer, 6);
    mkdirSync(join(server.root, 'open', folderKey), { recursive: true });
    const transport = createWebdavTransport({
      baseUrl: `${server.baseUrl}/open/`,
      auth: { kind: 'none' },
    });
    const error = await refusal(transport.get(folderKey));
    expect(error.code).toBe('TRANSPORT_FAILED');
    expect(error.message).toMatch(/redirect/);
  });

  it('refuses keys outside the peer folders before sending anything', async () => {
    const transport = createWebdavTransport({
      baseUrl: `${server.baseUrl}/open/`,
      auth: { kind: 'none' },
    });
    for (const bad of [`../${key}`, `${recipient}/%2e%2e/00000001.snapshot`, `/${key}`]) {
      expect((await refusal(transport.get(bad))).code).toBe('TRANSPORT_PATH_ESCAPE');
      expect((await refusal(transport.put(bad, bytes))).code).toBe('TRANSPORT_PATH_ESCAPE');
    }
  });

  it('reports a stopped server as unreachable, naming the host', async () => {
    const stopped = await startNginxWebdav();
    await stopped.stop();
    const transport = createWebdavTransport({
      baseUrl: `${stopped.baseUrl}/dav/`,
      auth: { kind: 'basic', username: stopped.basicUser, password: stopped.basicPassword },
    });
    const error = await refusal(transport.put(key, bytes));
    expect(error.code).toBe('TRANSPORT_UNREACHABLE');
    expect(error.message).toContain(new URL(stopped.baseUrl).host);
    expect(error.message).not.toContain(stopped.basicPassword);
  });

  it('gives up on a server that accepts but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const transport = createWebdavTransport({
        baseUrl: `http://127.0.0.1:${String(port)}/`,
        auth: { kind: 'none' },
        timeoutMs: 200,
      });
      const error = await refusal(transport.get(key));
      expect(error.code).toBe('TRANSPORT_UNREACHABLE');
      expect(error.message).toContain(`127.0.0.1:${String(port)}`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('stops when cancelled', async () => {
    const transport = createWebdavTransport({
      baseUrl: `${server.baseUrl}/open/`,
      auth: { kind: 'none' },
    });
    const error = await refusal(transport.get(key, AbortSignal.abort()));
    expect(error.code).toBe('CANCELLED');
  });

  it('refuses addresses with credentials, queries or other schemes, without echoing them', () => {
    const attempts = [
      `http://${server.basicUser}:${server.basicPassword}@127.0.0.1/dav/`,
      `${server.baseUrl}/dav/?token=${server.bearerToken}`,
      `${server.baseUrl}/dav/#x`,
      'ftp://127.0.0.1/dav/',
      'not a url',
    ];
    for (const baseUrl of attempts) {
      let caught: unknown;
      try {
        createWebdavTransport({ baseUrl, auth: { kind: 'none' } });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('INVALID_INPUT');
      seen.push(caught as AppError);
    }
  });

  it('never puts a credential in an error message', () => {
    expect(seen.length).toBeGreaterThan(10);
    const basicHeader = Buffer.from(`${server.basicUser}:${server.basicPassword}`).toString(
      'base64',
    );
    for (const error of seen) {
      const text = JSON.stringify({ message: error.message, info: error.toInfo() });
      for (const secret of [server.basicPassword, server.bearerToken, basicHeader]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
