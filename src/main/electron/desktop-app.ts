import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, safeStorage, type WebContents } from 'electron';
import { createLogger } from '../core/log/logger';
import { appPath, findAppRoot, readAppVersion } from '../core/paths/app-root';
import { createHandlers } from '../core/rpc/handlers';
import { WorkspaceSession } from '../core/workspace/workspace-session';
import { APP_ENTRY_URL, createAppUrlMatcher, type DevServer, resolveDevServer } from './app-origin';
import { forwardSessionEvents, registerContractIpc } from './ipc';
import { createFolderChooser } from './folder-dialog';
import { desktopKeyProtection } from './key-protection';
import { openMainWindow, revealWindow } from './main-window';
import { resolveNativeBinding } from './native-binding';
import { handleAppProtocol, registerAppSchemePrivileges } from './protocol';
import { failStartup } from './startup-error';
import { WindowRegistry } from './window-registry';
import { guardWebContents } from './web-contents-guard';
import { resolveWorkspacePath } from './workspace-path';

export const PRODUCT_NAME = 'Concordat';
const log = createLogger('electron');

/** Takes a web contents the guard refused out of service: its window, or the contents itself. */
function refuseContents(contents: WebContents): void {
  try {
    const owner = BrowserWindow.fromWebContents(contents);
    if (owner && !owner.isDestroyed()) owner.destroy();
    if (!contents.isDestroyed()) contents.close();
  } catch (error) {
    log.error('could not close a refused web contents', { error });
  }
}

function openWorkspaceSession(): WorkspaceSession {
  const path = resolveWorkspacePath({
    argv: process.argv,
    env: process.env,
    userDataDir: app.getPath('userData'),
    cwd: process.cwd(),
  });
  const nativeBinding = resolveNativeBinding({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appRoot: findAppRoot(),
    electronVersion: process.versions.electron,
    platform: process.platform,
    arch: process.arch,
  });
  log.info('opening workspace', { path });
  const keyProtection = desktopKeyProtection(safeStorage, process.env, process.platform);
  // A workspace that cannot be opened (damaged, from a newer version) does not stop the app:
  // the session shows the recovery screen, with the damaged files moved aside.
  const session = new WorkspaceSession(path, { nativeBinding, keyProtection });
  // Sync with peers every few minutes while the OS reports a network; the checks on open run
  // while the window loads (its status waits for them), then scheduled, verified backups.
  session.startBackgroundWork({ isOnline: () => net.isOnline() });
  return session;
}

/**
 * The desktop app's lifecycle. Everything with a decision in it lives in the modules imported
 * above; this wires them together in the order Electron requires.
 */
export function startDesktopApp(): void {
  // Same directory as core's userDataDirectory(), so browser mode and the CLI default to the
  // same workspace. It must be set before the single-instance lock, which is kept inside it.
  app.setName(PRODUCT_NAME);
  app.setPath('userData', join(app.getPath('appData'), PRODUCT_NAME));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppSchemePrivileges();
  app.enableSandbox();

  let devServer: DevServer | null;
  try {
    devServer = resolveDevServer(process.env, app.isPackaged);
  } catch (error) {
    failStartup(error);
    return;
  }
  const isAppUrl = createAppUrlMatcher(devServer);
  const windows = new WindowRegistry();
  const cleanups: (() => void)[] = [];
  let session: WorkspaceSession | null = null;
  let mainWindow: BrowserWindow | null = null;

  const preloadPath = appPath('out', 'preload', 'index.cjs');
  // Every web contents, ours or not: secure options enforced, navigation and windows guarded.
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { isAppUrl, preloadPath, refuse: refuseContents });
  });
  app.on('second-instance', () => {
    revealWindow(mainWindow);
  });
  app.on('window-all-closed', () => {
    // macOS convention: the app stays in the dock until the user quits it.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    session?.close();
    session = null;
  });

  const showWindow = () => {
    mainWindow = openMainWindow({
      preloadPath,
      url: devServer?.url ?? APP_ENTRY_URL,
      isAppUrl,
      windows,
    });
  };

  const onReady = () => {
    try {
      session = openWorkspaceSession();
    } catch (error) {
      failStartup(error);
      return;
    }
    const current = session;
    handleAppProtocol(appPath('out', 'renderer'));
    const handlers = createHandlers(
      current,
      { name: 'Concordat', version: readAppVersion(), mode: 'desktop' },
      {
        // Attached to the window the user works in, so the picker is modal to it.
        chooseFolder: createFolderChooser((options) => {
          const focused = BrowserWindow.getFocusedWindow();
          return focused ? dialog.showOpenDialog(focused, options) : dialog.showOpenDialog(options);
        }),
      },
    );
    cleanups.push(
      registerContractIpc(ipcMain, handlers, {
        isAppUrl,
        isKnownWebContents: (id) => windows.has(id),
      }),
      forwardSessionEvents(
        (listener) => current.subscribe(listener),
        () => windows.all(),
        isAppUrl,
      ),
    );
    showWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow();
    });
  };

  void app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      session?.close();
      failStartup(error);
    });
}
