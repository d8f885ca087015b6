import { AppError } from '../../../../shared/errors';
import { exchange, type HttpAnswer, type HttpExchange } from './http-exchange';
import {
  MAX_BUNDLE_BYTES,
  parseSnapshotKey,
  refuseOversizeBundle,
  type SnapshotTransport,
} from './transport';

export type WebdavAuth =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string };

export interface WebdavTransportOptions {
  /** The collection the peer folders live in: http: or https:, no credentials, no query. */
  baseUrl: string;
  auth: WebdavAuth;
  /** PEM of the CA to trust for https (it replaces the system's roots for this server). */
  ca?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Bundles on a WebDAV server (nginx's dav module, Nextcloud, Apache mod_dav):
 * `<baseUrl>/<recipient>/<issuer>/<version>.snapshot`, with GET and PUT. The two folders are
 * made with MKCOL before the first PUT into them, since not every server creates them.
 */
export function createWebdavTransport(options: WebdavTransportOptions): SnapshotTransport {
  const base = checkBaseUrl(options.baseUrl);
  const authorization = authorizationHeader(options.auth);
  const label = base.href;
  const knownCollections = new Set<string>();

  const send = (
    method: HttpExchange['method'],
    path: string,
    extra: Partial<HttpExchange> = {},
  ): Promise<HttpAnswer> => {
    const url = new URL(path, base);
    return exchange({
      method,
      url,
      headers: authorization ? { authorization } : {},
      ...(options.ca ? { ca: options.ca } : {}),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      where: url.href,
      ...extra,
    });
  };

  const makeCollections = async (segments: string[], signal?: AbortSignal) => {
    let path = '';
    for (const segment of segments) {
      path += `${segment}/`;
      if (knownCollections.has(path)) continue;
      const answer = await send('MKCOL', path, signal ? { signal } : {});
      // 405: it already exists (or the server makes folders on PUT and does not offer MKCOL).
      if (answer.status !== 201 && answer.status !== 405) {
        refuseStatus(answer, new URL(path, base).href, options.auth.kind, 'MKCOL');
      }
      knownCollections.add(path);
    }
  };

  return {
    label,
    async put(key, bytes, signal) {
      const [recipient, issuer, fileName] = parseSnapshotKey(key).segments;
      if (bytes.byteLength > MAX_BUNDLE_BYTES) refuseOversizeBundle(key, bytes.byteLength);
      await makeCollections([recipient, issuer], signal);
      const path = `${recipient}/${issuer}/${fileName}`;
      const answer = await send('PUT', path, { body: bytes, ...(signal ? { signal } : {}) });
      if (answer.status < 200 || answer.status > 299) {
        // The folders may have been removed behind our back; the next attempt makes them again.
        knownCollections.delete(`${recipient}/`);
        knownCollections.delete(`${recipient}/${issuer}/`);
        refuseStatus(answer, new URL(path, base).href, options.auth.kind, 'PUT');
      }
    },
    async get(key, signal) {
      const path = parseSnapshotKey(key).segments.join('/');
      const answer = await send('GET', path, { readBody: true, ...(signal ? { signal } : {}) });
      if (answer.status === 404) return null;
      if (answer.status !== 200 || !answer.body) {
        return refuseStatus(answer, new URL(path, base).href, options.auth.kind, 'GET');
      }
      return answer.body;
    },
  };
}

function checkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      'The WebDAV address is not a URL such as https://host/dav/.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('INVALID_INPUT', 'The WebDAV address must start with http:// or https://.');
  }
  // Never echo the URL here: it may be the credentials that are wrong with it.
  if (url.username || url.password) {
    throw new AppError(
      'INVALID_INPUT',
      'The WebDAV address must not contain a username or password; enter them in the credential fields instead.',
    );
  }
  if (baseUrl.includes('?') || baseUrl.includes('#')) {
    throw new AppError(
      'INVALID_INPUT',
      'The WebDAV address must not have a query (?…) or fragment (#…).',
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Header-safe by construction; the messages say what is wrong without repeating the value. */
function authorizationHeader(auth: WebdavAuth): string | null {
  switch (auth.kind) {
    case 'none':
      return null;
    case 'basic':
      if (auth.username.includes(':') || hasControlCharacter(auth.username + auth.password)) {
        throw new AppError(
          'INVALID_INPUT',
          'The WebDAV username must not contain a colon, and neither it nor the password may contain control characters.',
        );
      }
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    case 'bearer':
      if (!/^[\x21-\x7e]+$/.test(auth.token)) {
        throw new AppError(
          'INVALID_INPUT',
          'The WebDAV token must be printable ASCII without spaces, as the server issued it.',
        );
      }
      return `Bearer ${auth.token}`;
  }
}

function hasControlCharacter(value: string): boolean {
  return /\p{Cc}/u.test(value);
}

const authAdvice: Record<WebdavAuth['kind'], string> = {
  none: 'it asks for credentials; set a username and password or a token for this peer',
  basic: 'check the username and password',
  bearer: 'check the token',
};

function refuseStatus(
  answer: HttpAnswer,
  where: string,
  authKind: WebdavAuth['kind'],
  method: string,
): never {
  const status = `HTTP ${String(answer.status)}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  if (answer.status === 401 || answer.status === 403) {
    throw new AppError(
      'TRANSPORT_AUTH',
      `The server refused access to ${where} (${status}); ${authAdvice[authKind]}.`,
    );
  }
  if (answer.status >= 300 && answer.status < 400) {
    throw new AppError(
      'TRANSPORT_FAILED',
      `${method} ${where} was redirected (${status}); redirects are not followed, so use the final address as the WebDAV address.`,
    );
  }
  if (method === 'MKCOL' && answer.status === 409) {
    throw new AppError(
      'TRANSPORT_FAILED',
      `Could not create the folder ${where} (${status}); check that the WebDAV address names a folder that exists.`,
    );
  }
  throw new AppError('TRANSPORT_FAILED', `${method} ${where} failed (${status}).`);
}
