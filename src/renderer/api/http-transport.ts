import {
  HTTP_EVENTS_PATH,
  HTTP_RPC_PREFIX,
  TOKEN_HEADER,
  parseAppEvent,
  type AppEvent,
} from '../../shared/contract';
import { readEventStream } from './event-stream';
import { failure, isResult, type Transport } from './transport';

export const TOKEN_STORAGE_KEY = 'concordat.token';

type TokenSource = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

/**
 * Browser mode prints `http://127.0.0.1:PORT/#token=…`. Take the token from the hash, keep it
 * in sessionStorage so a reload still works, and hide it from the address bar. The hash router
 * owns the hash afterwards, so it becomes `#/`. Run this before the router starts.
 */
export function takeAccessToken(source: TokenSource = window): string | null {
  const { hash, pathname, search } = source.location;
  if (hash.startsWith('#token=')) {
    const token = new URLSearchParams(hash.slice(1)).get('token');
    if (token) {
      try {
        source.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
      } catch {
        // Storage can be disabled; the token still works until the page reloads.
      }
      source.history.replaceState(null, '', `${pathname}${search}#/`);
      return token;
    }
  }
  try {
    return source.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export interface HttpTransportOptions {
  token: string | null;
  fetch?: typeof fetch;
  /** Prefix for the server's paths; '' means the page's own origin. */
  baseUrl?: string;
  /** First reconnect delay for the event stream; it doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

const unreachable =
  'Cannot reach the Concordat server. Check that `concordat serve` is still running, then try again.';
const noToken =
  'This page has no access token. Open the address printed by `concordat serve` (it ends in #token=…).';

export function createHttpTransport(options: HttpTransportOptions): Transport {
  const { token, baseUrl = '', retryMs = 500, maxRetryMs = 15_000 } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const authorization = `Bearer ${token ?? ''}`;
  const listeners = new Set<(event: AppEvent) => void>();
  let stream: AbortController | null = null;

  function dispatch(event: AppEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // One broken listener must not stop the others or the stream.
      }
    }
  }

  async function pumpEvents(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let connectedBefore = false;
    // A function, not `signal.aborted` directly: TypeScript would keep its narrowing across awaits.
    const stopped = (): boolean => signal.aborted;
    while (!stopped()) {
      try {
        const response = await fetchImpl(baseUrl + HTTP_EVENTS_PATH, {
          headers: { [TOKEN_HEADER]: authorization, accept: 'text/event-stream' },
          cache: 'no-store',
          signal,
        });
        if (response.ok && response.body) {
          if (connectedBefore) {
            // Events sent while we were disconnected are lost: ask every view to refetch.
            dispatch({ name: 'workspace.changed', payload: { entity: 'workspace', ids: [] } });
            dispatch({ name: 'workspace.changed', payload: { entity: 'dataset', ids: [] } });
          }
          connectedBefore = true;
          await readEventStream(response.body, (data) => {
            failures = 0;
            const event = parseEventData(data);
            if (event) dispatch(event);
          });
        }
      } catch {
        // Network errors and aborts both end up here; the loop condition tells them apart.
      }
      if (stopped()) return;
      await delay(Math.min(maxRetryMs, retryMs * 2 ** failures), signal);
      failures += 1;
    }
  }

  return {
    async invoke(channel, input) {
      if (token === null) return failure('UNAUTHORIZED', noToken);
      let response: Response;
      try {
        response = await fetchImpl(baseUrl + HTTP_RPC_PREFIX + channel, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: authorization },
          body: JSON.stringify(input),
        });
      } catch {
        return failure('INTERNAL', unreachable);
      }
      // The server answers with a Result for every status, 401 included.
      const body: unknown = await response.json().catch(() => undefined);
      if (isResult(body)) return body;
      return failure(
        response.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL',
        `The Concordat server sent an unexpected response (HTTP ${response.status}).`,
      );
    },
    onEvent(listener) {
      listeners.add(listener);
      if (stream === null && token !== null) {
        stream = new AbortController();
        void pumpEvents(stream.signal);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream !== null) {
          stream.abort();
          stream = null;
        }
      };
    },
  };
}

function parseEventData(data: string): AppEvent | null {
  try {
    return parseAppEvent(JSON.parse(data));
  } catch {
    return null;
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
