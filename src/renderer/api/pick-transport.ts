import { createHttpTransport, takeAccessToken } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';

/** The only place that knows whether we run inside Electron or in a browser tab. */
export function pickTransport(win: Window = window): Transport {
  return win.concordat
    ? createIpcTransport(win.concordat)
    : createHttpTransport({ token: takeAccessToken(win) });
}
