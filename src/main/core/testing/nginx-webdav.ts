import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const NGINX_BINARY = '/usr/sbin/nginx';
const OPENSSL_BINARY = 'openssl';
const STARTUP_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export interface NginxWebdav {
  /** `http://127.0.0.1:<port>`; the collections are /dav/ (basic), /bearer/, /open/, /flat/. */
  baseUrl: string;
  /** The same server over TLS, or null when openssl is missing (see httpsSkipReason). */
  httpsBaseUrl: string | null;
  /** The self-signed certificate the HTTPS port presents; trust it as the CA. */
  caPem: string | null;
  httpsSkipReason: string | null;
  basicUser: string;
  basicPassword: string;
  bearerToken: string;
  /** The directory nginx serves: `<root>/open/x` is `<baseUrl>/open/x`. */
  root: string;
  stop(): Promise<void>;
}

const execFileAsync = promisify(execFile);
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Debian's nginx on loopback as a WebDAV server for tests: its own temp dir, free ports, a
 * config rendered from nginx-webdav.conf. Each call starts an independent server.
 */
export async function startNginxWebdav(): Promise<NginxWebdav> {
  const dir = await mkdtemp(join(tmpdir(), 'concordat-nginx-'));
  try {
    return await startIn(dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(dir: string): Promise<NginxWebdav> {
  const root = join(dir, 'www');
  for (const sub of ['www/dav', 'www/bearer', 'www/open', 'www/flat', 'tmp']) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  const basicUser = 'concordat';
  // A colon and a non-ASCII letter: the client must encode the password, not just paste it.
  const basicPassword = `${randomBytes(9).toString('base64url')}:é`;
  const bearerToken = randomBytes(24).toString('hex');
  await writeFile(join(dir, 'htpasswd'), `${basicUser}:${sshaHash(basicPassword)}\n`);
  const tls = await makeCertificate(dir);

  // Free ports are found by binding port 0 and letting go; another process may take one in
  // between, so a bind failure is retried with new ports.
  for (let attempt = 1; ; attempt++) {
    const [httpPort, httpsPort] = await freePortPair();
    await writeFile(
      join(dir, 'nginx.conf'),
      await renderConfig({ dir, root, httpPort, httpsPort, bearerToken, tls }),
    );
    try {
      const child = await launch(dir, [httpPort, ...(tls ? [httpsPort] : [])]);
      return {
        baseUrl: `http://127.0.0.1:${String(httpPort)}`,
        httpsBaseUrl: tls ? `https://127.0.0.1:${String(httpsPort)}` : null,
        caPem: tls?.certPem ?? null,
        httpsSkipReason: tls ? null : `${OPENSSL_BINARY} is not installed`,
        basicUser,
        basicPassword,
        bearerToken,
        root,
        stop: () => stop(child, dir),
      };
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('Address already in use')) throw error;
    }
  }
}

function sshaHash(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

interface Certificate {
  certPath: string;
  keyPath: string;
  certPem: string;
}

async function makeCertificate(dir: string): Promise<Certificate | null> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  try {
    await execFileAsync(OPENSSL_BINARY, [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { certPath, keyPath, certPem: await readFile(certPath, 'utf8') };
}

interface ConfigValues {
  dir: string;
  root: string;
  httpPort: number;
  httpsPort: number;
  bearerToken: string;
  tls: Certificate | null;
}

async function renderConfig(values: ConfigValues): Promise<string> {
  const template = await readFile(fileURLToPath(new URL('./nginx-webdav.conf', import.meta.url)));
  const https = values.tls
    ? [
        `listen 127.0.0.1:${String(values.httpsPort)} ssl;`,
        `ssl_certificate ${values.tls.certPath};`,
        `ssl_certificate_key ${values.tls.keyPath};`,
      ].join('\n        ')
    : '';
  const filled: Record<string, string> = {
    // Workers run as `nobody` unless told otherwise, and could not read a root-owned temp dir.
    user: process.getuid?.() === 0 ? 'user root;' : '',
    dir: values.dir,
    root: values.root,
    http_port: String(values.httpPort),
    https,
    bearer_token: values.bearerToken,
  };
  return template.toString('utf8').replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = filled[name];
    if (value === undefined) throw new Error(`nginx-webdav.conf names unknown {{${name}}}`);
    return value;
  });
}

async function freePortPair(): Promise<[number, number]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    const [first, second] = servers.map((server) => (server.address() as AddressInfo).port);
    if (first === undefined || second === undefined) throw new Error('No free port found');
    return [first, second];
  } finally {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  }
}

async function launch(dir: string, ports: number[]): Promise<ChildProcess> {
  if (!existsSync(NGINX_BINARY)) throw new Error(`${NGINX_BINARY} is not installed`);
  const child = spawn(
    NGINX_BINARY,
    ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  running.add(child);
  installExitHook();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      reject(new Error(`nginx exited (${String(signal ?? code)}) on start: ${stderr.trim()}`));
    });
    child.once('error', reject);
  });
  // Once started, the exit at stop() rejects this too; nobody is waiting for it then.
  exited.catch(() => undefined);
  try {
    await Promise.race([waitUntilListening(dir, ports), exited]);
    return child;
  } catch (error) {
    child.kill('SIGKILL');
    throw error instanceof Error && stderr && !error.message.includes(stderr.trim())
      ? new Error(`${error.message}; nginx said: ${stderr.trim()}`)
      : error;
  }
}

/**
 * nginx writes its pid file only after binding every port, so the file tells our nginx apart
 * from another process that took a port we thought was free.
 */
async function waitUntilListening(dir: string, ports: number[]): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const pidFile = join(dir, 'nginx.pid');
  for (const port of ports) {
    while (!existsSync(pidFile) || !(await accepts(port))) {
      if (Date.now() > deadline) {
        throw new Error(
          `nginx did not accept connections on 127.0.0.1:${String(port)} within ${String(STARTUP_TIMEOUT_MS)} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // SIGTERM is nginx's fast shutdown: it does not wait for idle keep-alive connections.
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  running.delete(child);
  await rm(dir, { recursive: true, force: true });
}

/** A test run that dies without calling stop() must not leave nginx holding ports. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}
