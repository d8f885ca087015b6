import { extname, isAbsolute, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { APP_HOST, APP_SCHEME, parseUrl } from './app-origin';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Headers on every app:// response, errors included. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function contentTypeFor(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppFile {
  /** Absolute path inside the renderer root. */
  path: string;
  contentType: string;
}

/**
 * Maps an app:// request URL to a file inside `root`, or null when it must be refused: another
 * scheme or host, a path that cannot be decoded, an absolute path, or one that would leave the
 * root. The URL parser has already collapsed literal `..` segments; decoding can bring new
 * ones back (`..%2f`), so the decoded path is checked again, and anything Windows would read
 * as a separator, drive or stream (`\`, `:`) is refused outright.
 */
export function resolveAppRequest(root: string, requestUrl: string): AppFile | null {
  const url = parseUrl(requestUrl);
  if (url === null || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  if (url.username !== '' || url.password !== '') return null;

  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (/[\0\\:]/.test(decoded)) return null;

  // Exactly one leading slash: `//etc/passwd` or an encoded `%2fetc` is an absolute path.
  const relative = decoded === '' || decoded === '/' ? 'index.html' : decoded.slice(1);
  if (relative === '' || isAbsolute(relative)) return null;
  if (relative.split('/').some((segment) => segment === '..')) return null;

  const base = resolve(root);
  const full = resolve(base, relative);
  if (!full.startsWith(base + sep)) return null;
  return { path: full, contentType: contentTypeFor(full) };
}
