import { describe, expect, it } from 'vitest';
import { isAllowedExternalLink } from './external-links';

describe('external links', () => {
  it.each([
    'https://docs.example.org/guide',
    'https://data.metro-mobility.example/trips.csv?x=1#top',
    'https://w3id.org/dpv#Consent',
  ])('opens %j', (url) => {
    expect(isAllowedExternalLink(url)).toBe(true);
  });

  it.each([
    ['a script URL', 'javascript:alert(document.cookie)'],
    ['a local file', 'file:///etc/passwd'],
    ['a data URL', 'data:text/html;base64,PHNjcmlwdD4='],
    ['plain http', 'http://example.org/'],
    ['the app itself', 'app://concordat/index.html'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['credentials', 'https://user:secret@example.org/'],
    ['localhost', 'https://localhost:8443/'],
    ['a localhost subdomain', 'https://api.localhost/'],
    ['an IPv4 literal', 'https://10.0.0.1/'],
    ['an IPv4 literal in another spelling', 'https://0x7f000001/'],
    ['an IPv6 literal', 'https://[fe80::1]/'],
    ['an mDNS name', 'https://printer.local/'],
    ['a single-label host', 'https://intranet/'],
    ['an overlong URL', `https://example.org/?q=${'x'.repeat(3000)}`],
    ['not a URL at all', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedExternalLink(url)).toBe(false);
  });
});
