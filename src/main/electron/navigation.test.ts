import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { configureLogging } from '../core/log/logger';
import { createAppUrlMatcher } from './app-origin';

const electron = vi.hoisted(() => ({
  shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
}));
vi.mock('electron', () => electron);

const { secureWebContents } = await import('./navigation');

configureLogging({ sink: () => undefined });

type Listener = (...args: unknown[]) => void;
type WindowOpenHandler = (details: { url: string }) => { action: string };

/** A web contents double that records what the guard installs. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: WindowOpenHandler | undefined;
  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  };
  const setWindowOpenHandler = vi.fn((handler: WindowOpenHandler) => {
    openHandler = handler;
  });
  const contents = {
    session,
    setWindowOpenHandler,
    on: vi.fn((name: string, listener: Listener) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return contents;
    }),
  };
  const navigate = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    for (const listener of listeners.get(name) ?? []) listener(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return {
    contents: contents as unknown as WebContents,
    session,
    listeners,
    setWindowOpenHandler,
    /** Fires a navigation-type event; true if the guard prevented it. */
    navigate,
    openWindow: (url: string) => openHandler?.({ url }),
  };
}

const isAppUrl = createAppUrlMatcher(null);

beforeEach(() => {
  vi.clearAllMocks();
});

describe('navigation guards', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s: blocks foreign URLs and allows the app’s own',
    (name) => {
      const fake = fakeContents();
      secureWebContents(fake.contents, { isAppUrl });
      expect(fake.navigate(name, 'https://evil.example/')).toBe(true);
      expect(fake.navigate(name, 'file:///etc/passwd')).toBe(true);
      expect(fake.navigate(name, 'javascript:alert(1)')).toBe(true);
      expect(fake.navigate(name, 'data:text/html,<script>alert(1)</script>')).toBe(true);
      expect(fake.navigate(name, 'app://evil/index.html')).toBe(true);
      expect(fake.navigate(name, 'http://localhost:5173/')).toBe(true);
      expect(fake.navigate(name, 'app://concordat/index.html#/catalog')).toBe(false);
    },
  );

  it('hands a followed https link to the system browser, never a frame’s or a redirect’s', () => {
    const fake = fakeContents();
    secureWebContents(fake.contents, { isAppUrl });
    fake.navigate('will-frame-navigate', 'https://frame.example.org/');
    fake.navigate('will-redirect', 'https://redirect.example.org/');
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(fake.navigate('will-navigate', 'https://docs.example.org/guide')).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith(
      'https://docs.example.org/guide',
    );
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://example.org/',
    'https://127.0.0.1/',
  ])('blocks a followed %j link without opening it anywhere', (url) => {
    const fake = fakeContents();
    secureWebContents(fake.contents, { isAppUrl });
    expect(fake.navigate('will-navigate', url)).toBe(true);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('blocks <webview> attachment', () => {
    const fake = fakeContents();
    secureWebContents(fake.contents, { isAppUrl });
    const event = { preventDefault: vi.fn() };
    for (const listener of fake.listeners.get('will-attach-webview') ?? []) listener(event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('installs its listeners only once per web contents', () => {
    const fake = fakeContents();
    secureWebContents(fake.contents, { isAppUrl });
    secureWebContents(fake.contents, { isAppUrl });
    expect(fake.listeners.get('will-navigate')).toHaveLength(1);
    expect(fake.setWindowOpenHandler).toHaveBeenCalledTimes(1);
  });
});

describe('window.open', () => {
  it('always denies, and sends allow-listed https links to the system browser', () => {
    const fake = fakeContents();
    secureWebContents(fake.contents, { isAppUrl });
    expect(fake.openWindow('https://docs.example.org/guide')).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://docs.example.org/guide');
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://insecure.example/',
    'https://user:pw@example.org/',
    'app://concordat/index.html',
    'smb://share/x',
    'not a url',
    'https://localhost/admin',
    'https://192.168.1.1/',
    'https://[::1]/',
    'https://router.local/',
    'https://intranet/',
    `https://example.org/${'a'.repeat(3000)}`,
  ])('denies %j without opening anything', (url) => {
    const fake = fakeContents();
    secureWebContents(fake.contents, { isAppUrl });
    expect(fake.openWindow(url)).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('survives the OS failing to open a link', async () => {
    const openExternal = vi.fn(() => Promise.reject(new Error('no browser')));
    const fake = fakeContents();
    secureWebContents(fake.contents, { isAppUrl, openExternal });
    expect(fake.openWindow('https://example.org/')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(openExternal).toHaveBeenCalledOnce();
  });
});

describe('permissions', () => {
  it('denies every permission request, check and device', () => {
    const fake = fakeContents();
    secureWebContents(fake.contents, { isAppUrl });

    const onRequest = fake.session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn();
      onRequest(fake.contents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const onCheck = fake.session.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean;
    expect(onCheck()).toBe(false);
    const onDevice = fake.session.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean;
    expect(onDevice()).toBe(false);
  });
});
