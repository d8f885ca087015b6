import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, createAppUrlMatcher, isAppSchemeUrl, resolveDevServer } from './app-origin';

describe('isAppSchemeUrl', () => {
  it('accepts the app’s own pages', () => {
    expect(isAppSchemeUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppSchemeUrl('app://concordat/assets/index-abc.js')).toBe(true);
    expect(isAppSchemeUrl('app://concordat/index.html#/catalog')).toBe(true);
  });

  it.each([
    'app://other/index.html',
    'app://user@concordat/index.html',
    'https://concordat/index.html',
    'file:///index.html',
    'about:blank',
    'not a url',
    '',
  ])('refuses %j', (url) => {
    expect(isAppSchemeUrl(url)).toBe(false);
  });
});

describe('resolveDevServer', () => {
  it('is null without ELECTRON_RENDERER_URL', () => {
    expect(resolveDevServer({}, false)).toBeNull();
    expect(resolveDevServer({ ELECTRON_RENDERER_URL: '' }, false)).toBeNull();
  });

  it('accepts a loopback dev server in an unpackaged run', () => {
    expect(resolveDevServer({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false)).toEqual({
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
    });
    expect(
      resolveDevServer({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }, false)?.origin,
    ).toBe('http://127.0.0.1:5173');
  });

  it('ignores the variable entirely in a packaged app', () => {
    expect(resolveDevServer({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, true)).toBeNull();
    expect(resolveDevServer({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, true)).toBeNull();
  });

  it.each([
    'https://evil.example/',
    'file:///tmp/index.html',
    'http://user:pw@localhost:5173/',
    'nonsense',
  ])('refuses %j in development', (url) => {
    expect(() => resolveDevServer({ ELECTRON_RENDERER_URL: url }, false)).toThrow(
      /ELECTRON_RENDERER_URL must be an http\(s\) URL on localhost/,
    );
  });
});

describe('createAppUrlMatcher', () => {
  it('trusts only app:// without a dev server', () => {
    const isAppUrl = createAppUrlMatcher(null);
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
  });

  it('adds exactly the dev server origin in development', () => {
    const isAppUrl = createAppUrlMatcher({
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
    });
    expect(isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('http://localhost:5174/')).toBe(false);
    expect(isAppUrl('https://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://evil.example/')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });
});
