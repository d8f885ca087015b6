import type { BrowserWindowConstructorOptions } from 'electron';

export const WINDOW_TITLE = 'Concordat';
/** Painted before the renderer's first frame; keep it close to the page background. */
export const WINDOW_BACKGROUND = '#f4f5f7';

/**
 * The only window options the app uses. Every renderer is sandboxed and context-isolated with
 * no Node access; the preload is its one channel to main (ARCHITECTURE.md §5). The flags that
 * are already Electron's defaults are spelled out so that a change here is a visible decision.
 */
export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    // Shown on 'ready-to-show', so the user never sees a half-painted page.
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
