import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { keyFileProtection, keyFilePath } from '../../core/keys/node-key-file';
import { appPath, readAppVersion } from '../../core/paths/app-root';
import { defaultWorkspacePath } from '../../core/paths/default-workspace';
import { createHandlers } from '../../core/rpc/handlers';
import { WorkspaceSession } from '../../core/workspace/workspace-session';
import { startWebServer } from '../../web/server';
import { parseCommandArgs } from '../args';
import { EXIT_FAILED, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';

export const serveHelp = `concordat serve [--db PATH] [--port N] [--json]

Browser mode: serves the Concordat console on http://127.0.0.1 only and prints the URL to
open, which carries a per-launch access token. Without --db it uses the same workspace as
the desktop app; a path that does not exist yet is created by the first-start setup.
The signing key's passphrase comes from CONCORDAT_PASSPHRASE or is asked on the terminal.
Stop it with Ctrl+C.`;

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`serve: --port must be a whole number from 0 to 65535, not "${text}".`);
  }
  return port;
}

export async function runServe(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('serve', argv, {
    db: { type: 'string' },
    port: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const path = resolve(values.db ?? defaultWorkspacePath());
  const port = parsePort(values.port);
  const rendererDir = appPath('out', 'renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    io.err(
      `The console has not been built yet (${rendererDir} is missing). Run \`npm run build\` first.`,
    );
    return EXIT_FAILED;
  }

  // The key is unlocked (or, on first start, created) here in the server process: the
  // browser never sees the passphrase or the key. A key the desktop app sealed with the OS
  // key store cannot be opened here; the workspace is then served without signing.
  const exists = existsSync(path);
  const sealedByDesktop = exists && keyFileProtection(keyFilePath(path)) === 'os-keychain';
  if (sealedByDesktop) {
    io.err(
      "This workspace's signing key is sealed by the desktop app's OS key store, so browser mode cannot sign checkpoints or exports; everything else works. Sign from the desktop app.",
    );
  }
  const session = new WorkspaceSession(
    path,
    sealedByDesktop ? {} : { keyProtection: await passphraseProtection(io, { confirm: !exists }) },
  );
  const server = await startWebServer({
    handlers: createHandlers(session, {
      name: 'Concordat',
      version: readAppVersion(),
      mode: 'browser',
    }),
    rendererDir,
    port,
    subscribe: (listener) => session.subscribe(listener),
  }).catch((error: unknown) => {
    session.close();
    throw error;
  });

  // Periodic sync ("Sync now" runs a round at once), the checks on open (the page's status
  // waits for them), then scheduled backups.
  session.startBackgroundWork();
  if (values.json) printJson(io, { url: server.url, port: server.port, workspace: path });
  else {
    io.out(`Concordat is serving ${path}`);
    io.out(`Open ${server.url}`);
    io.out('Press Ctrl+C to stop.');
  }

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  session.close();
  return 0;
}
