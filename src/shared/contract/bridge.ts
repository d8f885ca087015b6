import type { Result } from '../errors';
import type { AppEvent } from './events';

/** IPC channel prefix for contract calls; the preload refuses anything else. */
export const RPC_IPC_PREFIX = 'rpc:';
/** The single IPC channel main uses to push AppEvents. */
export const EVENT_IPC_CHANNEL = 'app-event';

/**
 * The one object the preload exposes as `window.concordat`. Nothing else from Electron or
 * Node reaches the renderer.
 */
export interface ConcordatBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to main's events; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}

/** HTTP paths used by browser mode (src/main/web). */
export const HTTP_RPC_PREFIX = '/rpc/';
export const HTTP_EVENTS_PATH = '/events';
export const TOKEN_HEADER = 'authorization';
