/**
 * The crash child: opens a workspace, then runs commands until the harness kills it, writing
 * `begin` before each command and `committed` after each commit (crash-protocol.ts).
 *
 *   crash-child --workspace PATH --fixtures DIR --seed N [--focus KIND --focus-at I]
 *
 * With --focus, command number I (from 0) is of that kind when the workspace allows it (the
 * harness kills inside command I, whatever it turned out to be).
 *
 * Run from the bundle crash-bundle.ts makes (a tsx start costs seconds per trial). It
 * exits on its own only after LIFETIME_MS, or with status 3 when a command fails: both are
 * failures to the harness, which always kills first.
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../../../shared/errors';
import { Workspace } from '../../workspace/workspace';
import {
  crashCommandKinds,
  type CrashCommandKind,
  crashKeyProtection,
  type FixtureManifest,
  fixtureFiles,
  formatAck,
  formatBegin,
} from './crash-protocol';
import { CrashWorkload } from './crash-workload';
import { Random } from './random';

const LIFETIME_MS = 30_000;

/** write(2) until every byte is out: the line is on the pipe before the next command starts. */
function send(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

function isKind(value: string | undefined): value is CrashCommandKind {
  return (crashCommandKinds as readonly (string | undefined)[]).includes(value);
}

/** Runs the child until it is killed (or its lifetime ends); `args` as on its command line. */
async function runCrashChild(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      workspace: { type: 'string' },
      fixtures: { type: 'string' },
      seed: { type: 'string' },
      focus: { type: 'string' },
      'focus-at': { type: 'string' },
    },
  });
  const { workspace: path, fixtures, seed } = values;
  if (!path || !fixtures || !seed) {
    throw new Error(
      'usage: crash-child --workspace PATH --fixtures DIR --seed N [--focus KIND --focus-at I]',
    );
  }
  const focus = isKind(values.focus) ? values.focus : undefined;
  const focusAt = Number(values['focus-at'] ?? 0);
  const manifest = JSON.parse(
    readFileSync(join(fixtures, fixtureFiles.manifest), 'utf8'),
  ) as FixtureManifest;

  const ws = Workspace.open(path, { keyProtection: crashKeyProtection });
  if (!ws.isUnlocked) throw new Error(`the key of ${path} did not unlock`);
  send(`ready ${String(ws.ledger.size)}\n`);

  const random = new Random(Number(seed));
  const workload = new CrashWorkload(ws, random, fixtures, manifest);
  const deadline = Date.now() + LIFETIME_MS;
  for (let index = 0; Date.now() < deadline; index++) {
    const command = workload.next(index === focusAt ? focus : undefined);
    send(formatBegin(command));
    await command.run();
    if (command.kind !== 'idle') send(formatAck(workload.ack(command)));
  }
  ws.close();
}

/** The child's end when a command fails: the harness reads stderr and counts a failure. */
function failCrashChild(error: unknown): never {
  const code = error instanceof AppError ? error.code : 'ERROR';
  process.stderr.write(
    `crash child failed (${code}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(3);
}

runCrashChild(process.argv.slice(2)).catch(failCrashChild);
