import { resolve } from 'node:path';
import type { WebContents, WebPreferences } from 'electron';
import { createLogger } from '../core/log/logger';
import { secureWebContents, type SecureWebContentsOptions } from './navigation';

const log = createLogger('electron');

/**
 * The preferences every renderer must run with, checked on every web contents the app ever
 * creates — not only the window built from window-options.ts, but anything a future change (or
 * a dependency) opens. `true`/`false` must hold exactly; a key Electron does not report is not
 * held against the contents (older versions report fewer keys).
 */
const required = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
} as const satisfies Partial<Record<keyof WebPreferences, boolean>>;

/** The keys whose absence is itself a violation: Electron always reports these. */
const mustBeReported = ['contextIsolation', 'sandbox', 'nodeIntegration', 'webSecurity'] as const;

/**
 * What is wrong with a set of web preferences, as short phrases; empty when they are secure.
 * `preloadPath` is the app's own preload: the only one a renderer may carry.
 */
export function webPreferenceViolations(
  prefs: Partial<WebPreferences> & Record<string, unknown>,
  preloadPath: string,
): string[] {
  const violations: string[] = [];
  for (const [key, value] of Object.entries(required)) {
    const actual = prefs[key];
    if (actual === undefined) {
      if ((mustBeReported as readonly string[]).includes(key)) violations.push(`${key} is not set`);
    } else if (actual !== value) violations.push(`${key} is ${JSON.stringify(actual)}`);
  }
  const blink = prefs.enableBlinkFeatures;
  if (typeof blink === 'string' && blink !== '')
    violations.push(`enableBlinkFeatures is "${blink}"`);
  const preload = prefs.preload;
  if (typeof preload === 'string' && preload !== '' && resolve(preload) !== resolve(preloadPath)) {
    violations.push(`a foreign preload script (${preload.slice(0, 200)})`);
  }
  if (Array.isArray(prefs.additionalArguments) && prefs.additionalArguments.length > 0) {
    violations.push('additionalArguments are set');
  }
  return violations;
}

/** `getLastWebPreferences` exists at runtime but is missing from Electron's type definitions. */
type InspectableContents = WebContents & {
  getLastWebPreferences?: () => (Partial<WebPreferences> & Record<string, unknown>) | null;
};

export interface GuardOptions extends SecureWebContentsOptions {
  /** Absolute path of the app's preload (out/preload/index.cjs). */
  preloadPath: string;
  /**
   * Takes a refused web contents out of service (its window destroyed, the contents closed).
   * Injected so the decision can be tested without Electron.
   */
  refuse: (contents: WebContents, reasons: string[]) => void;
}

/**
 * What is wrong with `contents` as it stands, or an empty list. Electron records the
 * preferences a renderer was started with only once its process launches, so an empty record
 * means "not yet known" at creation; the checks run again on every navigation.
 */
export function contentsViolations(contents: WebContents, preloadPath: string): string[] {
  const violations: string[] = [];
  if (contents.getType() === 'webview') violations.push('a <webview> guest');
  for (const script of contents.session.getPreloadScripts()) {
    if (resolve(script.filePath) !== resolve(preloadPath)) {
      violations.push(`a session preload script (${script.filePath.slice(0, 200)})`);
    }
  }
  const prefs = (contents as InspectableContents).getLastWebPreferences?.() ?? null;
  if (prefs !== null && Object.keys(prefs).length > 0) {
    violations.push(...webPreferenceViolations(prefs, preloadPath));
  }
  return violations;
}

const refused = new WeakSet<WebContents>();

function check(contents: WebContents, options: GuardOptions, when: string): boolean {
  if (refused.has(contents)) return false;
  const violations = contentsViolations(contents, options.preloadPath);
  if (violations.length === 0) return true;
  refused.add(contents);
  log.error('refused a web contents with insecure options', { when, violations });
  options.refuse(contents, violations);
  return false;
}

/** Whether the guard has refused `contents` (it must never be trusted with the contract). */
export function isRefused(contents: WebContents): boolean {
  return refused.has(contents);
}

/**
 * Wired to app 'web-contents-created': every web contents is checked when it is created and
 * again whenever it starts a navigation or its page is ready, and refused (destroyed) if its
 * options are not the secure ones; the navigation, new-window, webview and permission guards of
 * navigation.ts are installed on all of them.
 */
export function guardWebContents(contents: WebContents, options: GuardOptions): void {
  const secure: SecureWebContentsOptions = {
    isAppUrl: options.isAppUrl,
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
  };
  // The navigation guards go on first, so even a contents about to be refused cannot navigate.
  secureWebContents(contents, secure);
  if (!check(contents, options, 'created')) return;
  contents.on('did-start-navigation', (event) => {
    // Not cancellable: a failed check closes the contents instead.
    if (event.isMainFrame) check(contents, options, 'navigation');
  });
  contents.on('dom-ready', () => {
    check(contents, options, 'dom-ready');
  });
}
