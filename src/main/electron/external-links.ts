import { isAllowedExternalUrl } from '../../shared/security';

/** No link worth opening is longer; a longer one is smuggling something. */
const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * Hosts that name this machine or its local network: a link to them from the renderer is a way
 * to make the system browser act on the user's behalf inside the network (a router's admin
 * page, a local service), never documentation or a dataset's landing page.
 */
function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.home.arpa'))
    return true;
  // IP literals: dotted IPv4 (URL normalises other spellings to it) and bracketed IPv6.
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) return true;
  // A single label ("intranet") resolves through the local search domain.
  return !host.includes('.');
}

/**
 * The links the desktop app hands to the operating system's browser: https only, no
 * credentials in the URL, a public DNS name (no IP literal, no local or single-label host), and
 * of a sane length. Everything else — `javascript:`, `file:`, `http:`, app:// and custom
 * schemes — is refused.
 */
export function isAllowedExternalLink(url: string): boolean {
  if (url.length > MAX_EXTERNAL_URL_LENGTH || !isAllowedExternalUrl(url)) return false;
  return !isLocalHost(new URL(url).hostname);
}
