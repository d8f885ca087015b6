import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { e2eEnv } from './env';

export interface ServedApp {
  url: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

/**
 * Starts browser mode exactly as a user would (`concordat serve`), from the built bundle, and
 * resolves once the server has printed its URL.
 */
export function serve(dbPath: string, passphrase?: string): Promise<ServedApp> {
  const env = e2eEnv();
  // A workspace made outside the tests (a kept benchmark workspace) has its own passphrase.
  if (passphrase !== undefined) env.CONCORDAT_PASSPHRASE = passphrase;
  const child = spawn(process.execPath, ['out/main/cli.js', 'serve', '--db', dbPath, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    let json = '';
    lines.on('line', (line) => {
      json += line;
      try {
        const { url, port } = JSON.parse(json) as { url: string; port: number };
        const token = new URL(url).hash.replace('#token=', '');
        resolve({ url, port, token, stop: () => stop(child) });
      } catch {
        // The JSON object spans several lines; keep reading.
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`concordat serve exited with ${code}: ${stderr}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
