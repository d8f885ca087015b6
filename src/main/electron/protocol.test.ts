import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { configureLogging } from '../core/log/logger';
import { useTempDir } from '../core/testing/temp-dir';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));
vi.mock('electron', () => electron);

const { handleAppProtocol, registerAppSchemePrivileges, serveAppRequest } =
  await import('./protocol');

const tempDir = useTempDir();

function rendererRoot(): string {
  const base = tempDir();
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Concordat</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the root');
  return root;
}

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

const logged: string[] = [];
configureLogging({ sink: (line) => logged.push(line) });

beforeEach(() => {
  vi.clearAllMocks();
  logged.length = 0;
});

describe('app:// registration', () => {
  it('registers app as a standard, secure, fetch-capable scheme and nothing more', () => {
    registerAppSchemePrivileges();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('handles app:// from the given renderer directory', async () => {
    const root = rendererRoot();
    handleAppProtocol(root);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = electron.protocol.handle.mock.calls[0]?.[1] as (
      r: Request,
    ) => Promise<Response>;
    const response = await handler(new Request('app://concordat/index.html'));
    expect(response.status).toBe(200);
  });
});

describe('serveAppRequest', () => {
  it('serves index.html for / with its content type and the security headers', async () => {
    const response = await serveAppRequest(rendererRoot(), new Request('app://concordat/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(response);
    expect(await response.text()).toContain('<title>Concordat</title>');
  });

  it('serves assets with their content type', async () => {
    const response = await serveAppRequest(
      rendererRoot(),
      new Request('app://concordat/assets/index.js'),
    );
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers HEAD without a body', async () => {
    const response = await serveAppRequest(
      rendererRoot(),
      new Request('app://concordat/index.html', { method: 'HEAD' }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    'app://concordat/missing.js',
    'app://concordat/assets',
    'app://concordat/..%2fsecret.txt',
    'app://concordat/assets/..%2f..%2fsecret.txt',
    'app://concordat/..%5csecret.txt',
    'app://other/index.html',
  ])('answers 404 (with the security headers) for %s', async (url) => {
    const response = await serveAppRequest(rendererRoot(), new Request(url));
    expect(response.status).toBe(404);
    expectSecurityHeaders(response);
    expect(await response.text()).not.toContain('outside the root');
  });

  it('logs refused requests', async () => {
    await serveAppRequest(rendererRoot(), new Request('app://concordat/..%2fsecret.txt'));
    expect(logged.join('\n')).toContain('refused app:// request');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await serveAppRequest(
      rendererRoot(),
      new Request('app://concordat/index.html', { method: 'POST', body: 'x' }),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
