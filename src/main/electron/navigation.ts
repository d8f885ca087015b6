import { shell, type Session, type WebContents } from 'electron';
import { createLogger } from '../core/log/logger';
import { isAllowedExternalLink } from './external-links';

const log = createLogger('electron');

export interface SecureWebContentsOptions {
  /** True for the app's own pages (see app-origin.ts). */
  isAppUrl: (url: string) => boolean;
  /** Hands a vetted https URL to the operating system's browser. */
  openExternal?: (url: string) => Promise<void>;
}

const securedContents = new WeakSet<WebContents>();
const securedSessions = new WeakSet<Session>();

/**
 * The app never needs a camera, microphone, notification, USB device or the like: every
 * request and check is refused, once per session.
 */
function denyAllPermissions(session: Session): void {
  if (securedSessions.has(session)) return;
  securedSessions.add(session);
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('denied permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

function short(url: string): string {
  return url.slice(0, 300);
}

/**
 * Applied to every web contents the app creates (wired in app 'web-contents-created', and
 * again for our own window; applying twice is a no-op). The renderer may only ever show our
 * own pages: navigation elsewhere is blocked, new windows are refused, allow-listed https
 * links (external-links.ts) go to the system browser instead, and <webview> is never attached.
 */
export function secureWebContents(contents: WebContents, options: SecureWebContentsOptions): void {
  if (securedContents.has(contents)) return;
  securedContents.add(contents);
  const { isAppUrl } = options;
  const openExternal = options.openExternal ?? ((url: string) => shell.openExternal(url));

  const openInBrowser = (url: string): boolean => {
    if (!isAllowedExternalLink(url)) return false;
    openExternal(url).catch((error: unknown) => {
      log.warn('could not open external link', { url: short(url), error });
    });
    return true;
  };
  const blockForeign =
    (kind: string, external: boolean) => (event: { url: string; preventDefault(): void }) => {
      if (isAppUrl(event.url)) return;
      event.preventDefault();
      // A link the user followed in the page itself leaves the app for the system browser;
      // frames and redirects never do.
      if (external && openInBrowser(event.url)) return;
      log.warn(`blocked ${kind}`, { url: short(event.url) });
    };
  contents.on('will-navigate', blockForeign('navigation', true));
  contents.on('will-frame-navigate', blockForeign('frame navigation', false));
  contents.on('will-redirect', blockForeign('redirect', false));

  contents.setWindowOpenHandler(({ url }) => {
    if (!openInBrowser(url)) log.warn('refused to open a window', { url: short(url) });
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });

  denyAllPermissions(contents.session);
}
