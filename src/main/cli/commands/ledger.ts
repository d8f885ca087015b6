import { resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { toBase64 } from '../../core/ledger/bytes';
import { createTlogProof } from '../../core/ledger/tlog-proof';
import { latestOwnCheckpoint } from '../../core/ledger-store/checkpoints';
import { exportLedger } from '../../core/ledger-store/export-bundle';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';

export const ledgerHelp = `concordat ledger <subcommand> ...

  ledger checkpoint --db PATH [--json]
      Signs a checkpoint for the ledger's current size and prints the signed note.
  ledger export DIR --db PATH [--json]
      Writes entries.jsonl, checkpoint and vkey into DIR (new or empty) for auditors.
  ledger prove INDEX --db PATH [--size N]
      Prints a c2sp.org/tlog-proof@v1 inclusion proof of entry INDEX, bound to a signed
      checkpoint (of size N, which must have been signed; default: the current size).

Signing needs the key's passphrase: CONCORDAT_PASSPHRASE, or asked on the terminal.`;

function wholeNumber(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`ledger: ${what} must be a whole number, not "${text}".`);
  }
  return Number(text);
}

async function openUnlocked(path: string, io: CliIo): Promise<Workspace> {
  return Workspace.open(path, {
    keyProtection: await passphraseProtection(io, { confirm: false }),
  });
}

async function runCheckpoint(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('ledger checkpoint', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const workspace = await openUnlocked(
    resolve(requireOption('ledger checkpoint', 'db', values.db)),
    io,
  );
  try {
    const checkpoint = workspace.checkpoint();
    if (values.json) {
      printJson(io, {
        size: checkpoint.size,
        root: toBase64(checkpoint.root),
        note: checkpoint.note,
      });
    } else io.out(checkpoint.note);
  } finally {
    workspace.close();
  }
  return 0;
}

async function runExport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'ledger export',
    argv,
    { db: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  const [dir, ...extra] = positionals;
  if (dir === undefined || extra.length > 0)
    throw new UsageError('ledger export: name exactly one DIR.');
  const workspace = await openUnlocked(
    resolve(requireOption('ledger export', 'db', values.db)),
    io,
  );
  try {
    const checkpoint = exportLedger(workspace, resolve(dir));
    if (values.json)
      printJson(io, { dir: resolve(dir), size: checkpoint.size, root: toBase64(checkpoint.root) });
    else io.out(`Exported ${checkpoint.size} entries with a signed checkpoint to ${resolve(dir)}`);
  } finally {
    workspace.close();
  }
  return 0;
}

async function runProve(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'ledger prove',
    argv,
    { db: { type: 'string' }, size: { type: 'string' } },
    true,
  );
  const [indexText, ...extra] = positionals;
  if (indexText === undefined || extra.length > 0)
    throw new UsageError('ledger prove: name exactly one INDEX.');
  const index = wholeNumber(indexText, 'INDEX') ?? 0;
  const requestedSize = wholeNumber(values.size, '--size');
  const path = resolve(requireOption('ledger prove', 'db', values.db));
  // A stored checkpoint needs no key; only a new one for the current size does.
  let workspace = Workspace.open(path, { readOnly: true });
  try {
    const size = requestedSize ?? workspace.ledger.size;
    if (index >= size) {
      throw new UsageError(`ledger prove: entry ${index} is not in a ledger of size ${size}.`);
    }
    let checkpoint = latestOwnCheckpoint(workspace.sqlite, size);
    if (!checkpoint) {
      if (requestedSize !== undefined && requestedSize !== workspace.ledger.size) {
        throw new AppError(
          'NOT_FOUND',
          `No signed checkpoint of size ${requestedSize}; sign one when the ledger has that size, or omit --size.`,
        );
      }
      workspace.close();
      workspace = await openUnlocked(path, io);
      checkpoint = workspace.checkpoint();
    }
    io.out(createTlogProof(index, checkpoint.note, workspace.ledger.subtrees).trimEnd());
  } finally {
    workspace.close();
  }
  return 0;
}

export async function runLedger(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'checkpoint':
      return runCheckpoint(rest, io);
    case 'export':
      return runExport(rest, io);
    case 'prove':
      return runProve(rest, io);
    default:
      throw new UsageError(
        `ledger: unknown subcommand "${sub ?? ''}". See \`concordat help ledger\`.`,
      );
  }
}
