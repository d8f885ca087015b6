import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { rawRequest } from '../src/main/core/reliability/fuzz/raw-http';
import { expect, test } from './fixtures';

test.skip(({ concordatMode }) => concordatMode !== 'browser', 'HTTP checks apply to browser mode');

function post(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

test('an RPC without the token gets 401, with it 200', async ({ concordat }) => {
  const { port, token } = concordat.server();
  const host = `127.0.0.1:${port}`;
  const without = await post(port, '/rpc/workspace.status', {
    host,
    'content-type': 'application/json',
  });
  expect(without.status).toBe(401);
  expect(JSON.parse(without.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  const withToken = await post(port, '/rpc/workspace.status', {
    host,
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  });
  expect(withToken.status).toBe(200);
});

test('a request naming another host is refused (DNS rebinding)', async ({ concordat }) => {
  const { port, token } = concordat.server();
  const reply = await post(port, '/rpc/workspace.status', {
    host: `attacker.example:${port}`,
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  });
  expect(reply.status).toBe(421);
});

test('the console opened without its token explains what to do', async ({ concordat, page }) => {
  const { port } = concordat.server();
  await page.goto(`http://127.0.0.1:${port}/`);
  await expect(page.getByText(/UNAUTHORIZED/)).toBeVisible();
});

test('a cross-origin page gets no CORS headers and cannot make the server act', async ({
  concordat,
}) => {
  const { port, token } = concordat.server();
  const host = `127.0.0.1:${port}`;
  const preflight = await rawRequest(port, {
    method: 'OPTIONS',
    path: '/rpc/workspace.create',
    headers: [
      ['Host', host],
      ['Origin', 'https://evil.example'],
      ['Access-Control-Request-Method', 'POST'],
      ['Access-Control-Request-Headers', 'authorization, content-type'],
      ['Connection', 'close'],
    ],
  });
  expect(preflight.status).toBe(401);
  const call = await rawRequest(port, {
    method: 'POST',
    path: '/rpc/workspace.status',
    headers: [
      ['Host', host],
      ['Origin', 'https://evil.example'],
      ['Authorization', `Bearer ${token}`],
      ['Content-Type', 'application/json'],
      ['Content-Length', '2'],
      ['Connection', 'close'],
    ],
    body: '{}',
  });
  expect(call.status).toBe(403);
  for (const reply of [preflight, call]) {
    expect(Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'))).toEqual(
      [],
    );
  }
});

test('an oversized request is refused with 413 before its body is sent', async ({ concordat }) => {
  const { port, token } = concordat.server();
  const reply = await rawRequest(port, {
    method: 'POST',
    path: '/rpc/catalog.create',
    headers: [
      ['Host', `127.0.0.1:${port}`],
      ['Authorization', `Bearer ${token}`],
      ['Content-Type', 'application/json'],
      ['Content-Length', String(512 * 1024 * 1024)],
    ],
  });
  expect(reply.status).toBe(413);
  expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
});

test('the server listens on the IPv4 loopback address only', async ({ concordat }) => {
  const { port } = concordat.server();
  const accepts = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  expect(await accepts('127.0.0.1')).toBe(true);
  expect(await accepts('::1')).toBe(false);
  for (const address of Object.values(networkInterfaces()).flat()) {
    if (address && !address.internal) expect(await accepts(address.address)).toBe(false);
  }
});
