import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError } from '../../../../shared/errors';
import { MAX_BUNDLE_BYTES, refuseOversizeBundle } from './transport';

export interface HttpExchange {
  method: 'GET' | 'PUT' | 'MKCOL';
  url: URL;
  headers: OutgoingHttpHeaders;
  body?: Uint8Array;
  /** Keep the body of a 2xx answer (capped at MAX_BUNDLE_BYTES); other bodies are drained. */
  readBody?: boolean;
  ca?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The URL for messages: `url` never holds credentials, but say so once, here. */
  where: string;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  body: Uint8Array | null;
}

/**
 * One request with node:http(s) rather than fetch: fetch takes no per-request CA, and follows
 * redirects (which could carry the Authorization header to another host). Nothing here ever
 * follows a redirect; the caller sees the 3xx.
 */
export function exchange(options: HttpExchange): Promise<HttpAnswer> {
  const { url } = options;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: options.method,
      headers: {
        ...options.headers,
        ...(options.body ? { 'content-length': String(options.body.byteLength) } : {}),
      },
      agent: false,
      timeout: options.timeoutMs,
      signal: options.signal,
      ...(options.ca && url.protocol === 'https:' ? { ca: options.ca } : {}),
    });
    req.on('timeout', () => {
      req.destroy(
        new AppError(
          'TRANSPORT_UNREACHABLE',
          `${url.host} did not answer within ${String(options.timeoutMs)} ms (${options.where}).`,
        ),
      );
    });
    req.on('error', (error) => {
      reject(explainNetworkError(error, url.host, options.where));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const answer = { status, statusText: res.statusMessage ?? '' };
      if (!options.readBody || status < 200 || status > 299) {
        res.resume();
        res.on('end', () => resolve({ ...answer, body: null }));
        res.on('error', (error) => reject(explainNetworkError(error, url.host, options.where)));
        return;
      }
      readCapped(res, options.where).then(
        (body) => resolve({ ...answer, body }),
        (error: unknown) => {
          // Stop the download itself, not only our interest in it.
          req.destroy();
          reject(explainNetworkError(error, url.host, options.where));
        },
      );
    });
    req.end(options.body);
  });
}

function readCapped(res: IncomingMessage, where: string): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length'] ?? Number.NaN);
  if (declared > MAX_BUNDLE_BYTES) return Promise.reject(oversize(where, declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    res.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > MAX_BUNDLE_BYTES) {
        res.destroy(oversize(where));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => {
      const body = Buffer.concat(chunks, total);
      resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    });
    res.on('error', reject);
  });
}

function oversize(where: string, size?: number): AppError {
  try {
    return refuseOversizeBundle(where, size);
  } catch (error) {
    return error as AppError;
  }
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ECONNRESET',
]);
const tlsCodes =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$|EPROTO$)/;

/** Node's errors name the host and the reason, never the request headers, so they are safe. */
export function explainNetworkError(error: unknown, host: string, where: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const name = (error as Error | undefined)?.name;
  if (name === 'AbortError' || code === 'ABORT_ERR') {
    return new AppError('CANCELLED', `The transfer of ${where} was cancelled.`, undefined, {
      cause: error,
    });
  }
  if (code && unreachableCodes.has(code)) {
    return new AppError(
      'TRANSPORT_UNREACHABLE',
      `Cannot reach ${host} (${code}); check the address and that the server is running.`,
      undefined,
      { cause: error },
    );
  }
  if (code && tlsCodes.test(code)) {
    return new AppError(
      'TRANSPORT_TLS',
      `${host} did not present a certificate this node trusts (${code}); if the server uses its own certificate authority, give its CA certificate in the transport settings.`,
      undefined,
      { cause: error },
    );
  }
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new AppError(
    'TRANSPORT_FAILED',
    `The request for ${where} failed (${reason}).`,
    undefined,
    {
      cause: error,
    },
  );
}
