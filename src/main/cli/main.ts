import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../shared/errors';
import { readAppVersion } from '../core/paths/app-root';
import { asAppError } from '../core/errors/as-app-error';
import { EXIT_USAGE, exitCodeFor, UsageError } from './cli-error';
import { accessHelp, runAccess } from './commands/access';
import { backupHelp, runBackup } from './commands/backup';
import { catalogHelp, runCatalog } from './commands/catalog';
import { charterHelp, runCharter } from './commands/charter';
import { demoHelp, runDemo } from './commands/demo';
import { identityHelp, runIdentity } from './commands/identity';
import { incidentHelp, runIncident } from './commands/incident';
import { initHelp, runInit } from './commands/init';
import { ledgerHelp, runLedger } from './commands/ledger';
import { peerHelp, runPeer } from './commands/peer';
import { reviewHelp, runReview } from './commands/review';
import { runServe, serveHelp } from './commands/serve';
import { runSnapshot, snapshotHelp } from './commands/snapshot';
import { runStatus, statusHelp } from './commands/status';
import { runSyncCommand, syncHelp } from './commands/sync';
import { runVerify, verifyHelp } from './commands/verify';
import { type CliIo, processIo } from './io';

interface Command {
  summary: string;
  help: string;
  run(argv: string[], io: CliIo): number | Promise<number>;
}

const commands: Record<string, Command> = {
  init: { summary: 'create a workspace for this node', help: initHelp, run: runInit },
  status: { summary: 'print what a workspace holds', help: statusHelp, run: runStatus },
  demo: { summary: 'create a workspace with a sample ecosystem', help: demoHelp, run: runDemo },
  serve: {
    summary: 'serve the console in a browser (127.0.0.1 only)',
    help: serveHelp,
    run: runServe,
  },
  verify: {
    summary: 'verify a workspace ledger or an exported bundle',
    help: verifyHelp,
    run: runVerify,
  },
  backup: {
    summary: 'take, list, verify and restore verified backups of a workspace',
    help: backupHelp,
    run: runBackup,
  },
  ledger: {
    summary: 'sign checkpoints, export the ledger, prove an entry',
    help: ledgerHelp,
    run: runLedger,
  },
  catalog: {
    summary: 'import datasets from CSV or JSON, export the catalog (CSV, DCAT)',
    help: catalogHelp,
    run: runCatalog,
  },
  charter: {
    summary: "show, compare and export charter versions (ODRL); endorse a partner's",
    help: charterHelp,
    run: runCharter,
  },
  access: {
    summary: 'principals and grants: explain, request, approve, revoke, list',
    help: accessHelp,
    run: runAccess,
  },
  review: {
    summary: 'access review campaigns: open, decide, close, export evidence',
    help: reviewHelp,
    run: runReview,
  },
  incident: {
    summary: 'incidents: record, escalate, resolve; suspend or revoke their grants',
    help: incidentHelp,
    run: runIncident,
  },
  identity: {
    summary: "write this node's identity card and print its fingerprint",
    help: identityHelp,
    run: runIdentity,
  },
  peer: {
    summary: 'peers: add from an identity card, list, change, revoke, set a transport',
    help: peerHelp,
    run: runPeer,
  },
  snapshot: {
    summary: 'export a signed snapshot for a peer; import and verify one from a peer',
    help: snapshotHelp,
    run: runSnapshot,
  },
  sync: {
    summary: 'exchange snapshots with every peer through its transport (folder, WebDAV)',
    help: syncHelp,
    run: runSyncCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'Usage: concordat <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `concordat help <command>` for a command's options.",
    'Exit codes: 0 success, 1 the operation failed, 2 bad usage or input.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(readAppVersion());
    return 0;
  }
  if (name === 'help') {
    const topic = rest[0];
    const command = topic === undefined ? undefined : commands[topic];
    io.out(command ? command.help : usage());
    return command || topic === undefined ? 0 : EXIT_USAGE;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`concordat: unknown command "${name}".\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (thrown) {
    const error = asAppError(thrown) ?? thrown;
    if (error instanceof UsageError) {
      io.err(`concordat ${error.message}`);
    } else if (error instanceof AppError) {
      io.err(`concordat: ${error.message} [${error.code}]`);
    } else {
      io.err(`concordat: unexpected error: ${(error as Error).stack ?? String(error)}`);
    }
    return exitCodeFor(error);
  }
}

// Run only when this module is the program (the bundle or `tsx main.ts`), not when imported by
// tests or by bin/concordat.js.
function isProgramEntry(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isProgramEntry()) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`concordat: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
