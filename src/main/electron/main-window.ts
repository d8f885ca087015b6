import { BrowserWindow, dialog } from 'electron';
import { createLogger } from '../core/log/logger';
import { secureWebContents } from './navigation';
import { guardUnsavedChanges } from './unsaved-changes';
import type { WindowRegistry } from './window-registry';
import { createWindowOptions } from './window-options';

const log = createLogger('electron');

export interface MainWindowOptions {
  preloadPath: string;
  /** app://concordat/index.html, or the dev server's URL in development. */
  url: string;
  isAppUrl: (url: string) => boolean;
  windows: WindowRegistry;
}

/** Creates the console window: secured and registered before it loads anything. */
export function openMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(createWindowOptions(options.preloadPath));
  secureWebContents(window.webContents, { isAppUrl: options.isAppUrl });
  options.windows.add(window.webContents);
  guardUnsavedChanges(window.webContents, (box) => dialog.showMessageBoxSync(window, box));
  window.once('ready-to-show', () => {
    window.show();
  });
  window.loadURL(options.url).catch((error: unknown) => {
    log.error('the window could not load the console', { url: options.url, error });
  });
  return window;
}

/** Brings an existing window to the front (a second launch lands here). */
export function revealWindow(window: BrowserWindow | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
