/**
 * Where the renderer is allowed to come from: the privileged app:// scheme in every build, and
 * electron-vite's dev server only in an unpackaged run. Navigation guards and IPC sender checks
 * both use this one definition, so they cannot drift apart.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'concordat';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for app://concordat/... URLs. Compared part by part because Node's URL reports the
 * origin of a custom scheme as the opaque 'null', which would make every app:// URL equal.
 */
export function isAppSchemeUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export interface DevServer {
  /** The URL to load (ELECTRON_RENDERER_URL as given). */
  url: string;
  /** Its origin; the only other origin IPC and navigation trust in development. */
  origin: string;
}

/**
 * The electron-vite dev server, or null. A packaged app ignores ELECTRON_RENDERER_URL entirely:
 * otherwise anyone able to set an environment variable could point the window — and the IPC
 * trust that comes with it — at a page of their choosing. In development it must be loopback.
 */
export function resolveDevServer(
  env: Record<string, string | undefined>,
  isPackaged: boolean,
): DevServer | null {
  const raw = env.ELECTRON_RENDERER_URL;
  if (isPackaged || raw === undefined || raw === '') return null;
  const parsed = parseUrl(raw);
  if (
    parsed === null ||
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    !LOOPBACK_HOSTS.has(parsed.hostname) ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    throw new Error(
      `ELECTRON_RENDERER_URL must be an http(s) URL on localhost, not "${raw.slice(0, 200)}". ` +
        'Unset it to load the built renderer.',
    );
  }
  return { url: raw, origin: parsed.origin };
}

/** The predicate every guard uses: is this URL one of our own pages? */
export function createAppUrlMatcher(devServer: DevServer | null): (url: string) => boolean {
  return (url) => {
    if (isAppSchemeUrl(url)) return true;
    if (devServer === null) return false;
    return parseUrl(url)?.origin === devServer.origin;
  };
}
