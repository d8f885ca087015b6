import { parseAppEvent, type ConcordatBridge } from '../../shared/contract';
import { failure, isResult, type Transport } from './transport';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    concordat?: ConcordatBridge;
  }
}

/** Desktop mode: the preload's bridge. It takes contract channel names and adds its own prefix. */
export function createIpcTransport(bridge: ConcordatBridge): Transport {
  return {
    async invoke(channel, input) {
      try {
        const result = await bridge.invoke(channel, input);
        return isResult(result)
          ? result
          : failure('INTERNAL', 'The Concordat main process sent a malformed reply.');
      } catch {
        return failure(
          'INTERNAL',
          'Lost contact with the Concordat main process. Restart the app and try again.',
        );
      }
    },
    onEvent(listener) {
      // Main validates what it sends; checking again costs little and keeps screens honest.
      return bridge.onEvent((event) => {
        const parsed = parseAppEvent(event);
        if (parsed) listener(parsed);
      });
    },
  };
}
