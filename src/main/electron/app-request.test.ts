import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { APP_RESPONSE_HEADERS, contentTypeFor, resolveAppRequest } from './app-request';

const root = resolve('/srv/concordat/out/renderer');

describe('resolveAppRequest', () => {
  it('maps a normal asset to its file with the right content type', () => {
    expect(resolveAppRequest(root, 'app://concordat/assets/index-abc123.js')).toEqual({
      path: join(root, 'assets', 'index-abc123.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest(root, 'app://concordat/assets/app.css?v=1#x')?.path).toBe(
      join(root, 'assets', 'app.css'),
    );
  });

  it('serves index.html for the root', () => {
    for (const url of ['app://concordat/', 'app://concordat', 'app://concordat/index.html']) {
      expect(resolveAppRequest(root, url)).toEqual({
        path: join(root, 'index.html'),
        contentType: 'text/html; charset=utf-8',
      });
    }
  });

  it('decodes percent-encoded names once', () => {
    expect(resolveAppRequest(root, 'app://concordat/assets/my%20font.woff2')?.path).toBe(
      join(root, 'assets', 'my font.woff2'),
    );
  });

  it('keeps literal dot segments inside the root (the URL parser collapses them)', () => {
    expect(resolveAppRequest(root, 'app://concordat/../../etc/passwd')?.path).toBe(
      join(root, 'etc', 'passwd'),
    );
    expect(resolveAppRequest(root, 'app://concordat/%2e%2e/%2e%2e/etc/passwd')?.path).toBe(
      join(root, 'etc', 'passwd'),
    );
  });

  it.each([
    ['encoded slash traversal', 'app://concordat/..%2f..%2fetc%2fpasswd'],
    ['encoded traversal inside a folder', 'app://concordat/assets/..%2F..%2F..%2Fsecret'],
    ['double-encoded dots after one decode', 'app://concordat/%2e%2e%2f%2e%2e%2fsecret'],
    ['encoded backslash', 'app://concordat/..%5c..%5cwindows%5csystem.ini'],
    ['encoded backslash alone', 'app://concordat/assets%5cindex.js'],
    ['absolute path', 'app://concordat//etc/passwd'],
    ['encoded absolute path', 'app://concordat/%2fetc%2fpasswd'],
    ['Windows drive letter', 'app://concordat/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://concordat/C%3A%5CWindows%5Cwin.ini'],
    ['NUL byte', 'app://concordat/index.html%00.png'],
    ['malformed escape', 'app://concordat/%E0%A4%A'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppRequest(root, url)).toBeNull();
  });

  it.each([
    'app://evil/index.html',
    'app://concordat.evil/index.html',
    'app://user:pw@concordat/index.html',
    'https://concordat/index.html',
    'file:///srv/concordat/out/renderer/index.html',
    'not a url',
  ])('refuses other origins: %s', (url) => {
    expect(resolveAppRequest(root, url)).toBeNull();
  });
});

describe('response metadata', () => {
  it('types files by extension and falls back to octet-stream', () => {
    expect(contentTypeFor('x.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
    expect(contentTypeFor('Makefile')).toBe('application/octet-stream');
  });

  it('sends the CSP and hardening headers', () => {
    expect(APP_RESPONSE_HEADERS).toEqual({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
});
