import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureLogging } from '../core/log/logger';
import { useTempDir } from '../core/testing/temp-dir';
import { WorkspaceSession } from '../core/workspace/workspace-session';
import type * as NativeBinding from './native-binding';

/** Just enough of Electron's main-process API to run the lifecycle in Node. */
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const emitter = () => {
    const listeners = new Map<string, Listener[]>();
    return {
      on: (name: string, listener: Listener) => {
        listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      },
      emit: (name: string, ...args: unknown[]) => {
        for (const listener of listeners.get(name) ?? []) listener(...args);
      },
      clear: () => {
        listeners.clear();
      },
    };
  };

  let nextId = 1;
  const contents = (type = 'window') => ({
    id: nextId++,
    getType: () => type,
    // Electron fills this in when the renderer process launches; empty until then.
    getLastWebPreferences: () => ({}),
    close: vi.fn(),
    session: {
      getPreloadScripts: () => [],
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    },
    on: vi.fn(),
    once: vi.fn(),
    setWindowOpenHandler: vi.fn(),
    isDestroyed: () => false,
    getURL: () => 'app://concordat/index.html',
    send: vi.fn(),
  });

  class BrowserWindow {
    static readonly instances: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.instances;
    static fromWebContents = (webContents: unknown) =>
      BrowserWindow.instances.find((window) => window.webContents === webContents) ?? null;
    readonly webContents = contents();
    readonly events = emitter();
    readonly loadURL = vi.fn((_url: string) => Promise.resolve());
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly isMinimized = vi.fn(() => false);
    readonly isDestroyed = () => false;
    constructor(readonly options: unknown) {
      BrowserWindow.instances.push(this);
    }
    once(name: string, listener: () => void) {
      this.events.on(name, listener);
    }
  }

  const appEvents = emitter();
  const paths = new Map<string, string>();
  const app = {
    ...appEvents,
    isPackaged: false,
    setName: vi.fn(),
    setPath: vi.fn((name: string, value: string) => paths.set(name, value)),
    getPath: vi.fn((name: string) => paths.get(name) ?? `/unset/${name}`),
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
  };
  return {
    paths,
    contents,
    electron: {
      app,
      BrowserWindow,
      dialog: { showErrorBox: vi.fn() },
      ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      shell: { openExternal: vi.fn() },
      // A working OS key store: the node key is sealed with a reversible stand-in cipher.
      safeStorage: {
        isEncryptionAvailable: () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
        decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString('utf8'),
      },
    },
  };
});
vi.mock('electron', () => fake.electron);

// The Electron-ABI addon cannot exist here; the Node build stands in for it.
vi.mock('./native-binding', async (importOriginal) => ({
  ...(await importOriginal<typeof NativeBinding>()),
  resolveNativeBinding: () => undefined,
}));

const { startDesktopApp } = await import('./desktop-app');
const { app, BrowserWindow, dialog, ipcMain, protocol } = fake.electron;

configureLogging({ sink: () => undefined });
const tempDir = useTempDir();
const savedEnv = { ...process.env };
let appData: string;

/** Lets the whenReady() chain run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  vi.clearAllMocks();
  app.clear();
  BrowserWindow.instances.length = 0;
  fake.paths.clear();
  appData = tempDir();
  fake.paths.set('appData', appData);
  delete process.env.CONCORDAT_WORKSPACE;
  delete process.env.ELECTRON_RENDERER_URL;
});
afterEach(() => {
  app.emit('will-quit');
  process.env = { ...savedEnv };
});

describe('startDesktopApp', () => {
  it('quits at once when another instance holds the lock', () => {
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    startDesktopApp();
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
  });

  it('sets up userData, the lock, app:// and the sandbox before ready', () => {
    startDesktopApp();
    expect(app.setPath).toHaveBeenCalledWith('userData', join(appData, 'Concordat'));
    const order = (fn: { mock: { invocationCallOrder: number[] } }) =>
      fn.mock.invocationCallOrder[0];
    expect(order(app.setPath)).toBeLessThan(order(app.requestSingleInstanceLock) ?? 0);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(app.enableSandbox).toHaveBeenCalled();
  });

  it('on ready: serves app://, registers IPC and opens a secured window on app://concordat', async () => {
    startDesktopApp();
    await settle();

    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(ipcMain.handle).toHaveBeenCalledWith('rpc:workspace.status', expect.any(Function));
    expect(BrowserWindow.instances).toHaveLength(1);
    const window = BrowserWindow.instances[0]!;
    expect(window.loadURL).toHaveBeenCalledWith('app://concordat/index.html');
    expect(window.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled();

    window.events.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('opens the workspace in userData, and closes it on quit', async () => {
    const close = vi.spyOn(WorkspaceSession.prototype, 'close');
    startDesktopApp();
    await settle();
    const ipcStatus = ipcMain.handle.mock.calls.find(([name]) => name === 'rpc:workspace.status');
    const handler = ipcStatus?.[1] as (event: unknown, input: unknown) => Promise<unknown>;
    const window = BrowserWindow.instances[0]!;
    const event = {
      sender: { id: window.webContents.id },
      senderFrame: { url: 'app://concordat/index.html', parent: null },
    };
    expect(await handler(event, {})).toEqual({
      ok: true,
      value: { state: 'absent', path: join(appData, 'Concordat', 'workspace.concordat') },
    });

    app.emit('will-quit');
    expect(close).toHaveBeenCalled();
  });

  it('shows the error code and exits when the workspace path is not a file', async () => {
    const folder = join(tempDir(), 'folder.concordat');
    mkdirSync(folder);
    process.env.CONCORDAT_WORKSPACE = folder;
    startDesktopApp();
    await settle();

    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'Concordat cannot open its workspace',
      expect.stringContaining('Error code: WORKSPACE_NOT_SQLITE'),
    );
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(ipcMain.handle).not.toHaveBeenCalled();
  });

  it('opens on the recovery screen, not a crash loop, when the workspace is damaged', async () => {
    const file = join(tempDir(), 'damaged.concordat');
    writeFileSync(file, '');
    process.env.CONCORDAT_WORKSPACE = file;
    for (let start = 0; start < 2; start += 1) {
      startDesktopApp();
      await settle();
      expect(app.exit).not.toHaveBeenCalled();
      const ipcStatus = ipcMain.handle.mock.calls.find(([name]) => name === 'rpc:workspace.status');
      const handler = ipcStatus?.[1] as (event: unknown, input: unknown) => Promise<unknown>;
      const window = BrowserWindow.instances.at(-1)!;
      const event = {
        sender: { id: window.webContents.id },
        senderFrame: { url: 'app://concordat/index.html', parent: null },
      };
      // The empty file was moved aside on the first start; the second still shows recovery.
      expect(await handler(event, {})).toMatchObject({
        ok: true,
        value: { state: 'recovery', problem: { code: 'WORKSPACE_CORRUPT' } },
      });
      expect(existsSync(file)).toBe(false);
      app.emit('will-quit');
      app.clear();
      vi.clearAllMocks();
    }
  });

  it('loads the dev server in development', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    startDesktopApp();
    await settle();
    expect(BrowserWindow.instances[0]?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('refuses a non-loopback dev server URL before creating anything', () => {
    process.env.ELECTRON_RENDERER_URL = 'https://evil.example/';
    startDesktopApp();
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'Concordat cannot start',
      expect.stringContaining('ELECTRON_RENDERER_URL'),
    );
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(app.whenReady).not.toHaveBeenCalled();
  });

  it('brings the existing window back when a second instance starts', async () => {
    startDesktopApp();
    await settle();
    const window = BrowserWindow.instances[0]!;
    window.isMinimized.mockReturnValue(true);
    app.emit('second-instance');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('secures every web contents the app creates', () => {
    startDesktopApp();
    const contents = fake.contents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(contents.close).not.toHaveBeenCalled();
  });

  it('closes a web contents created with options it refuses (a <webview> guest)', () => {
    startDesktopApp();
    const contents = fake.contents('webview');
    app.emit('web-contents-created', {}, contents);
    expect(contents.close).toHaveBeenCalledOnce();
    // Its navigation is guarded all the same.
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
  });

  it('quits when the last window closes (except on macOS) and reopens on activate', async () => {
    startDesktopApp();
    await settle();
    app.emit('window-all-closed');
    if (process.platform === 'darwin') expect(app.quit).not.toHaveBeenCalled();
    else expect(app.quit).toHaveBeenCalled();

    BrowserWindow.instances.length = 0;
    app.emit('activate');
    expect(BrowserWindow.instances).toHaveLength(1);
  });
});
