import { describe, expect, it } from 'vitest';
import { createAppUrlMatcher } from './app-origin';
import { isTrustedSender, type SenderInfo, senderRejection } from './trusted-sender';

const policy = {
  isAppUrl: createAppUrlMatcher(null),
  isKnownWebContents: (id: number) => id === 7,
};
const good: SenderInfo = {
  webContentsId: 7,
  frameUrl: 'app://concordat/index.html#/catalog',
  isMainFrame: true,
};

describe('senderRejection', () => {
  it('trusts the main frame of our window showing our page', () => {
    expect(senderRejection(good, policy)).toBeNull();
    expect(isTrustedSender(good, policy)).toBe(true);
  });

  it.each<[string, Partial<SenderInfo>, RegExp]>([
    ['a destroyed frame', { frameUrl: null }, /no longer exists/],
    ['an unknown web contents', { webContentsId: 8 }, /not a window Concordat opened/],
    ['a subframe', { isMainFrame: false }, /subframe/],
    ['another origin', { frameUrl: 'https://evil.example/' }, /not Concordat/],
    ['another app:// host', { frameUrl: 'app://evil/index.html' }, /not Concordat/],
    ['a file:// page', { frameUrl: 'file:///tmp/index.html' }, /not Concordat/],
    [
      'a dev server that is not configured',
      { frameUrl: 'http://localhost:5173/' },
      /not Concordat/,
    ],
  ])('refuses %s', (_label, change, reason) => {
    const sender = { ...good, ...change };
    expect(senderRejection(sender, policy)).toMatch(reason);
    expect(isTrustedSender(sender, policy)).toBe(false);
  });

  it('trusts the configured dev server origin in development only', () => {
    const dev = {
      ...policy,
      isAppUrl: createAppUrlMatcher({
        url: 'http://localhost:5173/',
        origin: 'http://localhost:5173',
      }),
    };
    const sender = { ...good, frameUrl: 'http://localhost:5173/' };
    expect(isTrustedSender(sender, dev)).toBe(true);
    expect(isTrustedSender({ ...sender, frameUrl: 'http://localhost:9999/' }, dev)).toBe(false);
  });
});
