import { resolve } from 'node:path';
import type { BackupSummary } from '../../../shared/contract/backup-channels';
import {
  backupsDirFor,
  type BackupManifest,
  listBackupManifests,
  summaryOf,
} from '../../core/backup/backup-files';
import { createBackup, verifyBackup } from '../../core/backup/create-backup';
import { restoreBackup } from '../../core/backup/restore-backup';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';

export const backupHelp = `concordat backup <subcommand> ...

  backup create --db PATH [--json]
      Takes an online backup into PATH.backups/ with SQLite's backup API, verifies the copy
      (integrity check and the ledger's full verification) and keeps it only if it verifies.
      Old backups are pruned: the 10 newest, the newest of each of the last 14 days and the
      3 newest taken before schema upgrades are kept.
  backup list --db PATH [--json]
      Lists the backups, newest first, with their ledger size and whether they verified.
  backup verify --db PATH [ID | --all] [--json]
      Checks a backup again (the newest by default): checksum, integrity, ledger.
  backup restore --db PATH (ID | --latest) --yes [--json]
      Replaces the workspace with a verified backup (the newest verified with --latest). The
      current files are moved aside as PATH.replaced-<time>, never deleted; the restored
      workspace is opened and verified. Works when the workspace itself cannot be opened.

--threads N verifies on N worker threads (0: none). Exit 0 done (verify: every backup
checked verified), 1 failed or did not verify, 2 bad usage.`;

function threadsOption(text: string | undefined, command: string): { threads?: number } {
  if (text === undefined) return {};
  const threads = Number(text);
  if (!(Number.isSafeInteger(threads) && threads >= 0)) {
    throw new UsageError(
      `${command}: --threads takes a whole number (0 verifies without workers).`,
    );
  }
  return { threads };
}

function describe(backup: BackupSummary): string {
  const state = backup.verified
    ? 'verified'
    : backup.problem === null
      ? 'not verified yet'
      : `FAILED: ${backup.problem}`;
  const ledger = backup.ledgerSize === null ? '' : `, ${backup.ledgerSize} ledger entries`;
  return `${backup.id}  ${backup.reason}, schema ${backup.schemaVersion}, ${backup.bytes} bytes${ledger}: ${state}`;
}

function print(io: CliIo, manifests: BackupManifest[], heading: string): void {
  io.out(heading);
  for (const manifest of manifests) io.out(describe(summaryOf(manifest)));
}

const common = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  threads: { type: 'string' },
} as const;

async function runCreate(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('backup create', argv, common);
  const path = resolve(requireOption('backup create', 'db', values.db));
  const ws = Workspace.open(path);
  try {
    const backup = await createBackup(ws, {
      reason: 'manual',
      ...threadsOption(values.threads, 'backup create'),
    });
    if (values.json) printJson(io, summaryOf(backup));
    else io.out(`Backup taken and verified: ${describe(summaryOf(backup))}`);
  } finally {
    ws.close();
  }
  return EXIT_OK;
}

function runList(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('backup list', argv, common);
  const path = resolve(requireOption('backup list', 'db', values.db));
  const backups = listBackupManifests(path);
  if (values.json) {
    printJson(io, { dir: backupsDirFor(path), backups: backups.map(summaryOf) });
  } else if (backups.length === 0) {
    io.out(`No backups in ${backupsDirFor(path)}.`);
  } else {
    print(io, backups, `Backups in ${backupsDirFor(path)}:`);
  }
  return EXIT_OK;
}

async function runVerifyBackups(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'backup verify',
    argv,
    { ...common, all: { type: 'boolean', default: false } },
    true,
  );
  const path = resolve(requireOption('backup verify', 'db', values.db));
  if (positionals.length > 1 || (values.all && positionals.length > 0)) {
    throw new UsageError('backup verify: name one backup ID, or --all.');
  }
  const known = listBackupManifests(path);
  const ids = values.all
    ? known.map((backup) => backup.id)
    : [positionals[0] ?? known[0]?.id].filter((id) => id !== undefined);
  if (ids.length === 0) throw new UsageError(`backup verify: there are no backups beside ${path}.`);
  const checked: BackupManifest[] = [];
  for (const id of ids) {
    checked.push(await verifyBackup(path, id, threadsOption(values.threads, 'backup verify')));
  }
  if (values.json) printJson(io, checked.map(summaryOf));
  else print(io, checked, `Checked ${checked.length} backup(s):`);
  return checked.every((backup) => backup.verified) ? EXIT_OK : EXIT_FAILED;
}

async function runRestore(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'backup restore',
    argv,
    { ...common, latest: { type: 'boolean', default: false }, yes: { type: 'boolean' } },
    true,
  );
  const path = resolve(requireOption('backup restore', 'db', values.db));
  if (positionals.length > 1 || values.latest === (positionals.length === 1)) {
    throw new UsageError('backup restore: name one backup ID, or --latest.');
  }
  const id = values.latest
    ? listBackupManifests(path).find((backup) => backup.verified)?.id
    : positionals[0];
  if (id === undefined) {
    throw new UsageError(`backup restore: there is no verified backup beside ${path}.`);
  }
  if (!values.yes) {
    throw new UsageError(
      `backup restore: restoring ${id} replaces the workspace (its files are moved aside, not deleted); add --yes to go ahead.`,
    );
  }
  const outcome = await restoreBackup(path, id, threadsOption(values.threads, 'backup restore'));
  if (values.json) {
    printJson(io, {
      restored: summaryOf(outcome.backup),
      movedAside: outcome.movedAside,
      verified: outcome.report.ok,
      ledgerSize: outcome.report.size,
    });
  } else {
    io.out(`Restored ${path} from backup ${id}; it verifies (${outcome.report.size} entries).`);
    if (outcome.movedAside.length > 0) {
      io.out(`The files it replaced were moved aside: ${outcome.movedAside.join(', ')}`);
    }
  }
  return EXIT_OK;
}

export async function runBackup(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'create':
      return runCreate(rest, io);
    case 'list':
      return runList(rest, io);
    case 'verify':
      return runVerifyBackups(rest, io);
    case 'restore':
      return runRestore(rest, io);
    default:
      throw new UsageError(
        `backup: unknown subcommand "${sub ?? ''}". See \`concordat help backup\`.`,
      );
  }
}
