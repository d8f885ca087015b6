import { request as httpRequest } from 'node:http';
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
