import { describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../shared/contract/events';
import { type BridgeIpc, createBridge } from './bridge';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const listeners = new Map<string, Set<IpcListener>>();
  const ipc = {
    invoke: vi.fn((_channel: string, ..._args: unknown[]) =>
      Promise.resolve<unknown>({ ok: true, value: 'from main' }),
    ),
    on: vi.fn((channel: string, listener: IpcListener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    }),
    removeListener: vi.fn((channel: string, listener: IpcListener) => {
      listeners.get(channel)?.delete(listener);
    }),
  } satisfies BridgeIpc;
  const ipcEvent = { sender: { send: 'the real ipcRenderer would be here' } };
  return {
    ipc,
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
    /** Delivers a message the way ipcRenderer does: the IpcRendererEvent first. */
    deliver: (channel: string, payload: unknown) => {
      for (const listener of listeners.get(channel) ?? []) listener(ipcEvent, payload);
    },
  };
}

const changed: AppEvent = {
  name: 'workspace.changed',
  payload: { entity: 'dataset', ids: ['d1'] },
};

describe('createBridge', () => {
  it('exposes only invoke and onEvent', () => {
    expect(Object.keys(createBridge(fakeIpc().ipc)).sort()).toEqual(['invoke', 'onEvent']);
  });

  describe('invoke', () => {
    it('sends contract channels to main under the rpc: prefix and returns the reply', async () => {
      const { ipc } = fakeIpc();
      const result = await createBridge(ipc).invoke('catalog.get', { id: 'd1' });
      expect(ipc.invoke).toHaveBeenCalledWith('rpc:catalog.get', { id: 'd1' });
      expect(result).toEqual({ ok: true, value: 'from main' });
    });

    it.each<[string, unknown]>([
      ['an unknown channel', 'shell.exec'],
      ['a prefixed channel', 'rpc:app.info'],
      ['the event channel', 'app-event'],
      ['a prototype key', 'constructor'],
      ['a non-string', 42],
    ])('refuses %s without touching ipcRenderer', async (_label, channel) => {
      const { ipc } = fakeIpc();
      const bridge = createBridge(ipc);
      const result = await bridge.invoke(channel as string, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      expect(ipc.invoke).not.toHaveBeenCalled();
    });
  });

  describe('onEvent', () => {
    it('passes only the parsed AppEvent, never the IpcRendererEvent', () => {
      const fake = fakeIpc();
      const listener = vi.fn();
      createBridge(fake.ipc).onEvent(listener);
      fake.deliver('app-event', changed);
      expect(listener).toHaveBeenCalledTimes(1);
      expect(listener.mock.calls[0]).toEqual([changed]);
    });

    it.each<[string, unknown]>([
      ['an unknown event name', { name: 'shell.opened', payload: {} }],
      ['a bad payload', { name: 'workspace.changed', payload: { entity: 'nope', ids: [] } }],
      [
        'an extra field',
        { name: 'workspace.changed', payload: { entity: 'dataset', ids: [], x: 1 } },
      ],
      ['null', null],
      ['a string', 'workspace.changed'],
    ])('drops %s', (_label, payload) => {
      const fake = fakeIpc();
      const listener = vi.fn();
      createBridge(fake.ipc).onEvent(listener);
      fake.deliver('app-event', payload);
      expect(listener).not.toHaveBeenCalled();
    });

    it('listens only on the event channel and unsubscribes', () => {
      const fake = fakeIpc();
      const listener = vi.fn();
      const unsubscribe = createBridge(fake.ipc).onEvent(listener);
      expect(fake.ipc.on).toHaveBeenCalledWith('app-event', expect.any(Function));
      expect(fake.count('app-event')).toBe(1);

      unsubscribe();
      expect(fake.count('app-event')).toBe(0);
      fake.deliver('app-event', changed);
      expect(listener).not.toHaveBeenCalled();
    });

    it('refuses a listener that is not a function', () => {
      const bridge = createBridge(fakeIpc().ipc);
      expect(() => bridge.onEvent('nope' as unknown as () => void)).toThrow(TypeError);
    });
  });
});
