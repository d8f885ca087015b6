import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames, type ChannelName } from '../../shared/contract/channels';
import { EVENT_IPC_CHANNEL, RPC_IPC_PREFIX } from '../../shared/contract/bridge';
import type { AppEvent } from '../../shared/contract/events';
import type { Result } from '../../shared/errors';
import { createLogger } from '../core/log/logger';
import { dispatch, type Handlers } from '../core/rpc/dispatch';
import { type SenderInfo, type SenderPolicy, senderRejection } from './trusted-sender';

const log = createLogger('electron');

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

const forbidden: Result<never> = {
  ok: false,
  error: {
    code: 'FORBIDDEN_SENDER',
    message: 'This request did not come from a Concordat window and was refused.',
  },
};

/**
 * Reads the sender from an invoke event. Electron throws when a frame that has since been
 * disposed is touched, so any failure reads as "no frame" and the call is refused.
 */
export function describeSender(event: IpcMainInvokeEvent): SenderInfo {
  const webContentsId = event.sender.id;
  try {
    const frame = event.senderFrame;
    if (frame === null) return { webContentsId, frameUrl: null, isMainFrame: false };
    return { webContentsId, frameUrl: frame.url, isMainFrame: frame.parent === null };
  } catch {
    return { webContentsId, frameUrl: null, isMainFrame: false };
  }
}

/**
 * Registers one `ipcMain.handle` per contract channel. Every call is checked for its sender
 * first; only then does it go to `dispatch`, which parses the input and returns a Result.
 * Returns a function that removes the handlers again.
 */
export function registerContractIpc(
  ipc: IpcMainLike,
  handlers: Handlers,
  policy: SenderPolicy,
): () => void {
  const handleCall = async (
    name: ChannelName,
    event: IpcMainInvokeEvent,
    input: unknown,
  ): Promise<Result<unknown>> => {
    const sender = describeSender(event);
    const rejection = senderRejection(sender, policy);
    if (rejection !== null) {
      log.warn('refused IPC from an untrusted sender', {
        channel: name,
        reason: rejection,
        webContentsId: sender.webContentsId,
        frameUrl: sender.frameUrl?.slice(0, 300) ?? null,
      });
      return forbidden;
    }
    return dispatch(handlers, name, input);
  };

  for (const name of channelNames) {
    ipc.handle(RPC_IPC_PREFIX + name, (event, input: unknown) => handleCall(name, event, input));
  }
  return () => {
    for (const name of channelNames) ipc.removeHandler(RPC_IPC_PREFIX + name);
  };
}

/**
 * Pushes session events to our windows. A window whose page is not ours (it should never get
 * there; navigation is blocked) is skipped rather than told about the workspace.
 */
export function forwardSessionEvents(
  subscribe: (listener: (event: AppEvent) => void) => () => void,
  targets: () => Iterable<WebContents>,
  isAppUrl: (url: string) => boolean,
): () => void {
  return subscribe((event) => {
    for (const contents of targets()) {
      if (contents.isDestroyed() || !isAppUrl(contents.getURL())) continue;
      contents.send(EVENT_IPC_CHANNEL, event);
    }
  });
}
