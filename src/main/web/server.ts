import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { HTTP_EVENTS_PATH, HTTP_RPC_PREFIX } from '../../shared/contract/bridge';
import { contract, isChannelName } from '../../shared/contract/channels';
import type { AppEvent } from '../../shared/contract/events';
import { AppError, type ErrorCode, type Result } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { createLogger } from '../core/log/logger';
import { dispatch, type Handlers } from '../core/rpc/dispatch';
import { resolveStaticFile } from './static-files';

const log = createLogger('web');

/**
 * Cap on a request body for a channel that does not exist; a known channel's body is read up
 * to that channel's own limit (files to import carry tens of MB, most calls a few hundred bytes).
 */
export const MAX_BODY_BYTES = 1024 * 1024;

function bodyLimitFor(channel: string): number {
  return isChannelName(channel) ? contract[channel].maxInputBytes : MAX_BODY_BYTES;
}
const LOOPBACK = '127.0.0.1';

export interface WebServerOptions {
  handlers: Handlers;
  /** Directory holding the built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Per-launch secret; generated when omitted. */
  token?: string;
  subscribe: (listener: (event: AppEvent) => void) => () => void;
}

export interface RunningWebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const securityHeaders = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

function sendJson(
  res: ServerResponse,
  status: number,
  body: Result<unknown>,
  extraHeaders: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...extraHeaders,
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  sendJson(res, status, { ok: false, error: { code, message } }, extraHeaders);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Reads a body up to `limit` bytes. A larger one is refused without reading it all: at once
 * when its declared length says so, otherwise as soon as it passes the limit, when reading
 * stops and nothing more is buffered (the answer then closes the connection).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(
        new AppError(
          'PAYLOAD_TOO_LARGE',
          `The request body is ${declared} bytes; the limit is ${limit}.`,
        ),
      );
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        reject(
          new AppError(
            'PAYLOAD_TOO_LARGE',
            `The request body exceeds the limit of ${limit} bytes.`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The channel a `/rpc/...` path names; a name that is not valid percent-encoding stays as sent. */
function channelOf(pathname: string): string {
  const encoded = pathname.slice(HTTP_RPC_PREFIX.length);
  try {
    return decodeURIComponent(encoded);
  } catch {
    // dispatch answers UNKNOWN_CHANNEL for it, as for any other name that is not a channel.
    return encoded;
  }
}

const statusForCode: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_CHANNEL: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN_ROLE: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  CHARTER_LOCKED: 409,
  CHARTER_NOT_PUBLISHED: 409,
  // The request was understood and refused by the rules (the policy engine or the charter).
  POLICY_DENIED: 422,
  CHARTER_VIOLATION: 422,
  REMEDIATION_REQUIRED: 422,
  // Peers and snapshots. A card or a snapshot refused by one of the import checks was
  // understood and failed it: 422, as the rules' refusals above.
  PEER_UNKNOWN: 404,
  REPLICA_READ_ONLY: 409,
  BUNDLE_TOO_LARGE: 413,
  CARD_INVALID: 422,
  FINGERPRINT_MISMATCH: 422,
  PEER_REVOKED: 422,
  BUNDLE_MALFORMED: 422,
  SNAPSHOT_UNSIGNED: 422,
  SNAPSHOT_WRONG_TYPE: 422,
  SNAPSHOT_BAD_SIGNATURE: 422,
  SNAPSHOT_MALFORMED: 422,
  SNAPSHOT_ISSUER_MISMATCH: 422,
  SNAPSHOT_KEY_MISMATCH: 422,
  SNAPSHOT_WRONG_AUDIENCE: 422,
  SNAPSHOT_ROLLBACK: 422,
  SNAPSHOT_PREV_MISMATCH: 422,
  SNAPSHOT_EXPIRED: 422,
  SNAPSHOT_CHECKPOINT_INVALID: 422,
  SNAPSHOT_FORK: 422,
  SNAPSHOT_PART_MISMATCH: 422,
  INTERNAL: 500,
};

/**
 * Browser mode: the renderer and the contract over HTTP on 127.0.0.1 only. Every request's
 * Host must name this loopback address (DNS rebinding); every RPC and the event stream need
 * the per-launch token before anything else is looked at; no CORS headers are ever sent.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = () => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      sendError(
        res,
        421,
        'FORBIDDEN_SENDER',
        'This server only answers requests addressed to its loopback address.',
      );
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    } catch {
      sendError(res, 400, 'INVALID_INPUT', 'The request path is not a valid URL path.');
      return;
    }
    const isApi = url.pathname.startsWith(HTTP_RPC_PREFIX) || url.pathname === HTTP_EVENTS_PATH;

    if (isApi) {
      if (!tokenMatches(req.headers.authorization, token)) {
        sendError(
          res,
          401,
          'UNAUTHORIZED',
          'Missing or wrong token: open the URL that `concordat serve` printed.',
        );
        return;
      }
      // A cross-site page cannot read our answers (no CORS), but it must not make us act either.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
        sendError(res, 403, 'FORBIDDEN_SENDER', 'Cross-origin requests are not accepted.');
        return;
      }
      if (url.pathname === HTTP_EVENTS_PATH) {
        // Only GET opens the stream: a HEAD (no body to stream) would otherwise hold the
        // connection open without ever answering.
        if (req.method !== 'GET') {
          sendError(res, 405, 'INVALID_INPUT', 'The event stream is opened with GET.');
          return;
        }
        openEventStream(req, res);
        return;
      }
      await handleRpc(req, res, channelOf(url.pathname));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'INVALID_INPUT', 'Only GET and HEAD are served here.');
      return;
    }
    const file = resolveStaticFile(rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      ...securityHeaders,
      'content-type': file.contentType,
      'content-length': file.body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const handleRpc = async (req: IncomingMessage, res: ServerResponse, channel: string) => {
    if (req.method !== 'POST') {
      sendError(res, 405, 'INVALID_INPUT', 'Operations are called with POST.');
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json(;|$)/i.test(type)) {
      sendError(res, 415, 'INVALID_INPUT', 'Send the request body as application/json.');
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(req, bodyLimitFor(channel));
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      // The rest of an oversized body is never read: the connection closes after the answer.
      if (error instanceof AppError)
        sendError(res, 413, error.code, error.message, { connection: 'close' });
      else sendError(res, 400, 'INVALID_INPUT', 'The request body is not valid JSON.');
      return;
    }
    const result = await dispatch(options.handlers, channel, input);
    sendJson(res, result.ok ? 200 : (statusForCode[result.error.code] ?? 422), result);
  };

  const openEventStream = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      ...securityHeaders,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.subscribe((event) =>
      res.write(`data: ${JSON.stringify(event)}\n\n`),
    );
    req.on('close', () => {
      unsubscribe();
      streams.delete(res);
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('request failed', { url: req.url, error });
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'Unexpected server error.');
      else res.end();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
