import type { WebContents, WebPreferences } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { configureLogging } from '../core/log/logger';
import { createAppUrlMatcher } from './app-origin';

const electron = vi.hoisted(() => ({
  shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
}));
vi.mock('electron', () => electron);

const { guardWebContents, isRefused, webPreferenceViolations } =
  await import('./web-contents-guard');
const { createWindowOptions } = await import('./window-options');

configureLogging({ sink: () => undefined });

const PRELOAD = '/opt/concordat/resources/app.asar/out/preload/index.cjs';
const isAppUrl = createAppUrlMatcher(null);

type Listener = (...args: unknown[]) => void;
type Prefs = (Partial<WebPreferences> & Record<string, unknown>) | null;

/** The preferences Electron reports for our own window once its renderer has started. */
function securePrefs(overrides: Record<string, unknown> = {}): Prefs {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    enableBlinkFeatures: '',
    javascript: true,
    ...overrides,
  };
}

/** A web contents double: its type, its reported preferences and its session's preloads. */
function fakeContents(options: { type?: string; prefs?: Prefs; sessionPreloads?: string[] }) {
  const listeners = new Map<string, Listener[]>();
  const state = { prefs: options.prefs ?? {} };
  const setWindowOpenHandler = vi.fn();
  const contents = {
    getType: () => options.type ?? 'window',
    getLastWebPreferences: () => state.prefs,
    session: {
      getPreloadScripts: () =>
        (options.sessionPreloads ?? []).map((filePath, i) => ({
          filePath,
          id: String(i),
          type: 'frame',
        })),
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    },
    setWindowOpenHandler,
    on: vi.fn((name: string, listener: Listener) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return contents;
    }),
  };
  return {
    contents: contents as unknown as WebContents,
    /** What Electron reports once the renderer process has launched. */
    launch(prefs: Prefs) {
      state.prefs = prefs ?? {};
    },
    emit(name: string, ...args: unknown[]) {
      for (const listener of listeners.get(name) ?? []) listener(...args);
    },
    has: (name: string) => (listeners.get(name) ?? []).length > 0,
    setWindowOpenHandler,
  };
}

const refuse = vi.fn();

function guard(fake: ReturnType<typeof fakeContents>) {
  guardWebContents(fake.contents, { isAppUrl, preloadPath: PRELOAD, refuse });
}

beforeEach(() => {
  refuse.mockClear();
});

describe('web preference policy', () => {
  it('passes the options the app’s own window is created with', () => {
    const prefs = createWindowOptions(PRELOAD).webPreferences ?? {};
    expect(webPreferenceViolations(prefs as Record<string, unknown>, PRELOAD)).toEqual([]);
    expect(webPreferenceViolations(securePrefs() ?? {}, PRELOAD)).toEqual([]);
  });

  it.each([
    [{ contextIsolation: false }, 'contextIsolation is false'],
    [{ sandbox: false }, 'sandbox is false'],
    [{ nodeIntegration: true }, 'nodeIntegration is true'],
    [{ nodeIntegrationInSubFrames: true }, 'nodeIntegrationInSubFrames is true'],
    [{ nodeIntegrationInWorker: true }, 'nodeIntegrationInWorker is true'],
    [{ webSecurity: false }, 'webSecurity is false'],
    [{ allowRunningInsecureContent: true }, 'allowRunningInsecureContent is true'],
    [{ experimentalFeatures: true }, 'experimentalFeatures is true'],
    [{ webviewTag: true }, 'webviewTag is true'],
    [{ enableBlinkFeatures: 'CSSPaint' }, 'enableBlinkFeatures is "CSSPaint"'],
    [{ preload: '/tmp/evil.js' }, 'a foreign preload script (/tmp/evil.js)'],
    [{ additionalArguments: ['--inspect'] }, 'additionalArguments are set'],
    [{ contextIsolation: undefined }, 'contextIsolation is not set'],
  ])('refuses %j', (override, violation) => {
    expect(webPreferenceViolations(securePrefs(override) ?? {}, PRELOAD)).toContain(violation);
  });

  it('accepts the app’s own preload however the path is spelled', () => {
    const spelled = '/opt/concordat/resources/app.asar/out/preload/../preload/index.cjs';
    expect(webPreferenceViolations(securePrefs({ preload: spelled }) ?? {}, PRELOAD)).toEqual([]);
  });
});

describe('the web-contents-created guard', () => {
  it('leaves a secure window alone and installs the navigation guards on it', () => {
    const fake = fakeContents({ prefs: securePrefs({ preload: PRELOAD }) });
    guard(fake);
    expect(refuse).not.toHaveBeenCalled();
    expect(isRefused(fake.contents)).toBe(false);
    expect(fake.has('will-navigate')).toBe(true);
    expect(fake.has('will-attach-webview')).toBe(true);
    expect(fake.setWindowOpenHandler).toHaveBeenCalledOnce();
  });

  it('refuses a <webview> guest as soon as it is created', () => {
    const fake = fakeContents({ type: 'webview', prefs: securePrefs() });
    guard(fake);
    expect(refuse).toHaveBeenCalledExactlyOnceWith(fake.contents, ['a <webview> guest']);
    expect(isRefused(fake.contents)).toBe(true);
    // Its navigation is blocked all the same.
    expect(fake.has('will-navigate')).toBe(true);
  });

  it.each([
    { nodeIntegration: true },
    { contextIsolation: false },
    { sandbox: false },
    { webSecurity: false },
    { preload: '/home/user/.config/evil/preload.js' },
  ])('refuses a contents created with %j', (override) => {
    const fake = fakeContents({ prefs: securePrefs(override) });
    guard(fake);
    expect(refuse).toHaveBeenCalledOnce();
    expect(isRefused(fake.contents)).toBe(true);
  });

  it('refuses a session that injects another preload script', () => {
    const fake = fakeContents({ prefs: securePrefs(), sessionPreloads: ['/tmp/inject.js'] });
    guard(fake);
    expect(refuse).toHaveBeenCalledExactlyOnceWith(fake.contents, [
      'a session preload script (/tmp/inject.js)',
    ]);
  });

  it('checks again once the renderer has started: preferences unknown at creation are not trusted', () => {
    // Electron records a renderer's preferences when its process launches, after creation.
    const fake = fakeContents({ prefs: {} });
    guard(fake);
    expect(refuse).not.toHaveBeenCalled();
    fake.launch(securePrefs({ sandbox: false }));
    fake.emit('did-start-navigation', { isMainFrame: false, url: 'app://concordat/' });
    expect(refuse).not.toHaveBeenCalled();
    fake.emit('did-start-navigation', { isMainFrame: true, url: 'app://concordat/' });
    expect(refuse).toHaveBeenCalledExactlyOnceWith(fake.contents, ['sandbox is false']);
    // Refused once; later events do not refuse it again.
    fake.emit('dom-ready');
    expect(refuse).toHaveBeenCalledOnce();
  });

  it('checks at dom-ready too, and keeps a secure window through its navigations', () => {
    const fake = fakeContents({ prefs: {} });
    guard(fake);
    fake.launch(securePrefs({ preload: PRELOAD }));
    fake.emit('did-start-navigation', { isMainFrame: true, url: 'app://concordat/' });
    fake.emit('dom-ready');
    expect(refuse).not.toHaveBeenCalled();
    fake.launch(securePrefs({ nodeIntegration: true }));
    fake.emit('dom-ready');
    expect(refuse).toHaveBeenCalledOnce();
  });

  it('tolerates contents without recorded preferences (the DevTools front end)', () => {
    const fake = fakeContents({ type: 'remote', prefs: null });
    guard(fake);
    fake.emit('dom-ready');
    expect(refuse).not.toHaveBeenCalled();
    expect(fake.has('will-navigate')).toBe(true);
  });
});
