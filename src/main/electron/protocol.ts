import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { createLogger } from '../core/log/logger';
import { APP_SCHEME } from './app-origin';
import { APP_RESPONSE_HEADERS, resolveAppRequest } from './app-request';

const log = createLogger('electron');

/**
 * Must run before the app is ready. `standard` gives app:// real origins and relative URL
 * resolution, `secure` makes it a secure context (like https), `supportFetchAPI` lets the
 * renderer fetch its own assets. Nothing else: no CORS bypass, no service workers.
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function textResponse(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
  });
}

/** Serves one app:// request from the built renderer directory. */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, 'Method not allowed', { Allow: 'GET, HEAD' });
  }
  const file = resolveAppRequest(root, request.url);
  if (file === null) {
    log.warn('refused app:// request', { url: request.url.slice(0, 300) });
    return textResponse(404, 'Not found');
  }
  let body: Buffer;
  try {
    body = await readFile(file.path);
  } catch {
    // Missing files and directories alike: the renderer only ever asks for built assets.
    return textResponse(404, 'Not found');
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': file.contentType },
  });
}

/** Must run after the app is ready; handles app:// on the default session. */
export function handleAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request));
}
