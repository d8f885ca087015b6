import { join } from 'node:path';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../shared/contract/channels';
import type { AppEvent } from '../../shared/contract/events';
import type { Result } from '../../shared/errors';
import { configureLogging } from '../core/log/logger';
import type { Handlers } from '../core/rpc/dispatch';
import { createHandlers } from '../core/rpc/handlers';
import { testSetup, useTempDir } from '../core/testing/temp-dir';
import { WorkspaceSession } from '../core/workspace/workspace-session';
import { createAppUrlMatcher } from './app-origin';
import { describeSender, forwardSessionEvents, registerContractIpc } from './ipc';

vi.mock('electron', () => ({}));

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>;

function fakeIpcMain() {
  const handlers = new Map<string, InvokeHandler>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: InvokeHandler) => {
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  };
}

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

function invokeEvent(webContentsId: number, frame: FakeFrame | null): IpcMainInvokeEvent {
  return { sender: { id: webContentsId }, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

const APP_PAGE = 'app://concordat/index.html';
const OUR_WINDOW = 1;
const mainFrame: FakeFrame = { url: APP_PAGE, parent: null };
const policy = {
  isAppUrl: createAppUrlMatcher(null),
  isKnownWebContents: (id: number) => id === OUR_WINDOW,
};

const logged: string[] = [];
configureLogging({ sink: (line) => logged.push(line) });
const tempDir = useTempDir();
const sessions: WorkspaceSession[] = [];

function openSession(): WorkspaceSession {
  const session = new WorkspaceSession(join(tempDir(), 'workspace.concordat'));
  sessions.push(session);
  return session;
}

function spyHandlers(): Handlers {
  const info = { name: 'Concordat', version: '0.0.0', mode: 'desktop' } as const;
  const real = createHandlers(openSession(), info);
  for (const name of channelNames) vi.spyOn(real, name);
  return real;
}

beforeEach(() => {
  logged.length = 0;
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
});

function call(
  ipc: ReturnType<typeof fakeIpcMain>,
  channel: string,
  event: IpcMainInvokeEvent,
  input: unknown,
) {
  const handler = ipc.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, input);
}

describe('registerContractIpc', () => {
  it('registers exactly the contract channels under the rpc: prefix, and removes them again', () => {
    const ipc = fakeIpcMain();
    const dispose = registerContractIpc(ipc, spyHandlers(), policy);
    expect([...ipc.handlers.keys()].sort()).toEqual(channelNames.map((n) => `rpc:${n}`).sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('lets the app’s main frame reach the workspace through dispatch', async () => {
    const ipc = fakeIpcMain();
    registerContractIpc(
      ipc,
      createHandlers(openSession(), { name: 'Concordat', version: '1.2.3', mode: 'desktop' }),
      policy,
    );
    const event = invokeEvent(OUR_WINDOW, mainFrame);

    expect(await call(ipc, 'rpc:app.info', event, {})).toEqual({
      ok: true,
      value: { name: 'Concordat', version: '1.2.3', mode: 'desktop' },
    });
    expect(await call(ipc, 'rpc:workspace.status', event, {})).toMatchObject({
      ok: true,
      value: { state: 'absent' },
    });
    const created = await call(ipc, 'rpc:workspace.create', event, testSetup);
    expect(created).toMatchObject({
      ok: true,
      value: { state: 'open', node: { operator: 'Ada Lovelace' } },
    });
  });

  it('returns dispatch’s Result for invalid input, without throwing across IPC', async () => {
    const ipc = fakeIpcMain();
    registerContractIpc(ipc, spyHandlers(), policy);
    const result = await call(ipc, 'rpc:app.info', invokeEvent(OUR_WINDOW, mainFrame), {
      extra: 1,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it.each<[string, IpcMainInvokeEvent]>([
    ['a null sender frame', invokeEvent(OUR_WINDOW, null)],
    ['a subframe', invokeEvent(OUR_WINDOW, { url: APP_PAGE, parent: mainFrame })],
    ['another origin', invokeEvent(OUR_WINDOW, { url: 'https://evil.example/', parent: null })],
    ['a file:// page', invokeEvent(OUR_WINDOW, { url: 'file:///tmp/x.html', parent: null })],
    ['an unknown web contents', invokeEvent(99, mainFrame)],
  ])(
    'refuses %s with FORBIDDEN_SENDER, logs it, and never runs a handler',
    async (_label, event) => {
      const ipc = fakeIpcMain();
      const handlers = spyHandlers();
      registerContractIpc(ipc, handlers, policy);

      const result = await call(ipc, 'rpc:workspace.create', event, testSetup);

      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      for (const name of channelNames) expect(handlers[name]).not.toHaveBeenCalled();
      expect(logged.join('\n')).toContain('refused IPC from an untrusted sender');
    },
  );

  it('treats a frame that throws when read (disposed) as no frame', () => {
    const event = {
      sender: { id: OUR_WINDOW },
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    } as unknown as IpcMainInvokeEvent;
    expect(describeSender(event)).toEqual({
      webContentsId: OUR_WINDOW,
      frameUrl: null,
      isMainFrame: false,
    });
  });
});

describe('forwardSessionEvents', () => {
  function fakeWindow(url: string, destroyed = false) {
    return { getURL: () => url, isDestroyed: () => destroyed, send: vi.fn() };
  }

  it('sends session events to our live windows showing our page, and stops on unsubscribe', () => {
    const session = openSession();
    const ours = fakeWindow(APP_PAGE);
    const navigatedAway = fakeWindow('https://evil.example/');
    const closed = fakeWindow(APP_PAGE, true);
    const targets = [ours, navigatedAway, closed] as unknown as WebContents[];
    const stop = forwardSessionEvents(
      (l) => session.subscribe(l),
      () => targets,
      policy.isAppUrl,
    );

    const event: AppEvent = {
      name: 'workspace.changed',
      payload: { entity: 'dataset', ids: ['d1'] },
    };
    session.emit(event);
    expect(ours.send).toHaveBeenCalledWith('app-event', event);
    expect(navigatedAway.send).not.toHaveBeenCalled();
    expect(closed.send).not.toHaveBeenCalled();

    stop();
    session.emit(event);
    expect(ours.send).toHaveBeenCalledOnce();
  });
});
