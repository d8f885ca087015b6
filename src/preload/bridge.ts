import type { ConcordatBridge } from '../shared/contract/bridge';
import { EVENT_IPC_CHANNEL, RPC_IPC_PREFIX } from '../shared/contract/bridge';
import { isChannelName } from '../shared/contract/channels';
import { parseAppEvent } from '../shared/contract/events';
import type { Result } from '../shared/errors';

/** The part of `ipcRenderer` the bridge uses; tests pass a fake. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds the one object the renderer gets. It can call contract channels and listen to app
 * events — nothing else: no raw channel names, no `ipcRenderer`, and listeners never see the
 * IpcRendererEvent (whose `sender` would hand the page the whole ipcRenderer).
 */
export function createBridge(ipc: BridgeIpc): ConcordatBridge {
  return {
    // `unknown`, not `string`: the page is untrusted and may pass anything.
    invoke(channel: unknown, input: unknown): Promise<Result<unknown>> {
      if (!isChannelName(channel)) {
        const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
        return Promise.resolve({
          ok: false,
          error: {
            code: 'UNKNOWN_CHANNEL',
            message: `There is no operation called "${name}".`,
          },
        });
      }
      // Main answers every contract call with a Result (see src/main/electron/ipc.ts).
      return ipc.invoke(RPC_IPC_PREFIX + channel, input) as Promise<Result<unknown>>;
    },

    onEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a listener function');
      const forward = (_event: unknown, payload: unknown) => {
        const event = parseAppEvent(payload);
        if (event) listener(event);
      };
      ipc.on(EVENT_IPC_CHANNEL, forward);
      return () => {
        ipc.removeListener(EVENT_IPC_CHANNEL, forward);
      };
    },
  };
}
