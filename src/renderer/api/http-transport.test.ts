import { describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../shared/contract';
import { createHttpTransport, takeAccessToken, TOKEN_STORAGE_KEY } from './http-transport';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function eventStream(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('takeAccessToken', () => {
  it('takes the token from the hash, keeps it for reloads and hides it', () => {
    window.history.replaceState(null, '', '/#token=s3cr3t-t0ken');

    expect(takeAccessToken()).toBe('s3cr3t-t0ken');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('s3cr3t-t0ken');
    // The hash router gets a clean route; the token is gone from the address bar.
    expect(window.location.hash).toBe('#/');
    expect(window.location.href).not.toContain('s3cr3t');

    // A reload has no token in the URL any more: it comes from sessionStorage.
    window.history.replaceState(null, '', '/#/catalog');
    expect(takeAccessToken()).toBe('s3cr3t-t0ken');
    expect(window.location.hash).toBe('#/catalog');
  });

  it('returns null without a token anywhere', () => {
    window.history.replaceState(null, '', '/#/dashboard');
    expect(takeAccessToken()).toBeNull();
  });
});

describe('createHttpTransport', () => {
  it('posts the input with the bearer token and returns the Result', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() =>
      Promise.resolve(jsonResponse({ ok: true, value: { state: 'absent', path: '/x' } })),
    );
    const transport = createHttpTransport({ token: 'abc', fetch });

    const result = await transport.invoke('workspace.status', {});

    expect(result).toEqual({ ok: true, value: { state: 'absent', path: '/x' } });
    expect(fetch).toHaveBeenCalledWith('/rpc/workspace.status', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc' },
      body: '{}',
    });
  });

  it('passes through the Result the server sends with an error status', async () => {
    const failure = { ok: false, error: { code: 'UNAUTHORIZED', message: 'Bad token.' } };
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(jsonResponse(failure, 401)));
    const transport = createHttpTransport({ token: 'wrong', fetch });

    expect(await transport.invoke('app.info', {})).toEqual(failure);
  });

  it('turns a network failure and a non-Result body into INTERNAL', async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(new Response('<html>proxy error</html>', { status: 502 }));
    const transport = createHttpTransport({ token: 'abc', fetch });

    const unreachable = await transport.invoke('app.info', {});
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(unreachable.ok ? '' : unreachable.error.message).toMatch(
      /^Cannot reach the Concordat server/,
    );
    expect(await transport.invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('HTTP 502') as string },
    });
  });

  it('refuses locally when there is no token', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const transport = createHttpTransport({ token: null, fetch });

    expect(await transport.invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reads server-sent events with the token and reconnects when the stream ends', async () => {
    const changed: AppEvent = {
      name: 'workspace.changed',
      payload: { entity: 'dataset', ids: ['ds-1'] },
    };
    const progress: AppEvent = {
      name: 'task.progress',
      payload: { taskId: 't', label: 'Verifying', done: 1, total: 2 },
    };
    const first = `data: ${JSON.stringify(changed)}\n\n: keep-alive\n\ndata: {"name":"bogus"}\n\n`;
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      // One event split across chunks, a comment, an invalid event; then the stream ends.
      .mockResolvedValueOnce(eventStream([first.slice(0, 20), first.slice(20)]))
      .mockResolvedValueOnce(eventStream([`data: ${JSON.stringify(progress)}\r\n\r\n`]))
      .mockImplementation(() => new Promise(() => undefined));
    const transport = createHttpTransport({ token: 'abc', fetch, retryMs: 1 });
    const received: AppEvent[] = [];

    const unsubscribe = transport.onEvent((event) => received.push(event));
    await vi.waitFor(() => {
      expect(received).toContainEqual(progress);
    });
    unsubscribe();

    expect(fetch).toHaveBeenCalledWith(
      '/events',
      expect.objectContaining({
        headers: { authorization: 'Bearer abc', accept: 'text/event-stream' },
      }),
    );
    // The reconnect also asks views to refetch what they may have missed.
    expect(received).toEqual([
      changed,
      { name: 'workspace.changed', payload: { entity: 'workspace', ids: [] } },
      { name: 'workspace.changed', payload: { entity: 'dataset', ids: [] } },
      progress,
    ]);
  });
});
