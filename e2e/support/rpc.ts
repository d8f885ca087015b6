import { request as httpRequest } from 'node:http';
import type { ServedApp } from './serve';

export interface RpcReply {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/**
 * Calls a contract channel over browser mode's HTTP endpoint with the session's token, as
 * any client could: the e2e tests check that main refuses what the UI only disables.
 */
export function rpc(app: ServedApp, channel: string, input: unknown): Promise<RpcReply> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: app.port,
        path: `/rpc/${channel}`,
        method: 'POST',
        headers: {
          host: `127.0.0.1:${String(app.port)}`,
          'content-type': 'application/json',
          authorization: `Bearer ${app.token}`,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as RpcReply['body'] });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
