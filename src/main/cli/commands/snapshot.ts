import type { DiffItem, SnapshotImportResult } from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import { asAppError } from '../../core/errors/as-app-error';
import { buildSnapshot } from '../../core/sync/snapshot-build';
import { MAX_BUNDLE_BYTES } from '../../core/sync/snapshot-bundle';
import { importSnapshot } from '../../core/sync/snapshot-import';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_FAILED, EXIT_OK, exitCodeFor, UsageError } from '../cli-error';
import { prepareNewFile, readFileCapped } from '../cli-files';
import { withCliWorkspace } from '../cli-workspace';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';
import { resolvePeerArg } from './peer';

export const snapshotHelp = `concordat snapshot <subcommand> ...

  snapshot export --peer PEER --out FILE --db PATH [--as MEMBER] [--json]
      Builds and signs the next snapshot for a peer: what that peer may see of this
      node's records (a partner: the published charter, its own principals and grants,
      the datasets they are on, this node's endorsements of its charter; a colleague:
      everything this node owns), with a signed checkpoint of the ledger. Writes it to
      FILE, a new file, whole or not at all, and prints its version, record count, size
      and digest. Each snapshot to a peer follows the one before: give them every one.
  snapshot import FILE --db PATH [--as MEMBER] [--json]
      Verifies a peer's snapshot (size, signature with the key pinned for the peer,
      addressed to this node, next in sequence, not expired, the peer's ledger history
      consistent with what it sent before) and stores its records as read-only
      replicas, printing what was added, changed and removed. Importing the same
      snapshot again changes nothing. A snapshot that fails a check is refused and
      nothing is written; json: { status: "rejected", code, message }.

Exporting signs with the node's key: CONCORDAT_PASSPHRASE, or asked on the terminal.
PEER is a node id or fingerprint, or a unique leading part of either. --as acts as another
member of the workspace. Exit codes: 0 done (imported or already imported), 1 refused (the
reason's code in brackets), 2 bad usage or input (a missing or unreadable file included).`;

async function runExport(argv: string[], io: CliIo): Promise<number> {
  const command = 'snapshot export';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    as: { type: 'string' },
    peer: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const peerRef = requireOption(command, 'peer', values.peer);
  requireOption(command, 'db', values.db);
  // Opened before anything is signed: a snapshot, once built, is recorded as sent.
  const out = prepareNewFile(command, requireOption(command, 'out', values.out));
  try {
    const keyProtection = await passphraseProtection(io, { confirm: false });
    const built = withCliWorkspace(command, values, { keyProtection }, (ws) => {
      const peer = resolvePeerArg(command, ws, peerRef);
      return { organisation: peer.organisation, ...buildSnapshot(ws, peer.node_id) };
    });
    out.commit(built.bundle);
    const bytes = built.bundle.byteLength;
    if (values.json) {
      printJson(io, {
        peer: built.peer,
        organisation: built.organisation,
        version: built.version,
        records: built.records,
        bytes,
        digest: built.digest,
        file: out.path,
      });
    } else {
      io.out(
        [
          `Wrote snapshot ${built.version} for ${built.organisation} (node ${built.peer}) to ${out.path}`,
          `  ${plural(built.records, 'record')}, ${plural(bytes, 'byte')}, digest ${built.digest}`,
        ].join('\n'),
      );
    }
    return EXIT_OK;
  } finally {
    out.abandon();
  }
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

function diffLines(title: string, items: DiffItem[], count: number, changed = false): string[] {
  if (count === 0) return [];
  const width = Math.max(...items.map((item) => item.kind.length));
  const lines = [
    `${title} (${count})`,
    ...items.map((item) => {
      const fields = changed && item.fields?.length ? `: ${item.fields.join(', ')}` : '';
      return `  ${item.kind.padEnd(width)}  ${item.label}${fields}`;
    }),
  ];
  if (count > items.length) lines.push(`  … and ${count - items.length} more`);
  return lines;
}

export function describeImport(result: SnapshotImportResult): string {
  const from = `${result.organisation} (node ${result.peer})`;
  if (result.status === 'already-imported' || result.diff === null) {
    return `Snapshot ${result.version} from ${from} was already imported; nothing changed.`;
  }
  const { diff } = result;
  const { added, changed, removed } = diff.counts;
  return [
    `Imported snapshot ${result.version} from ${from}: ${added} added, ${changed} changed, ${removed} removed.`,
    ...diffLines('Added', diff.added, added),
    ...diffLines('Changed', diff.changed, changed, true),
    ...diffLines('Removed', diff.removed, removed),
  ].join('\n');
}

function runImport(argv: string[], io: CliIo): number {
  const command = 'snapshot import';
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    { db: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(`${command}: name exactly one FILE (a snapshot bundle).`);
  }
  const file = positionals[0];
  requireOption(command, 'db', values.db);
  try {
    const bundle = readFileCapped(
      command,
      file,
      MAX_BUNDLE_BYTES,
      (size) =>
        new AppError(
          'BUNDLE_TOO_LARGE',
          `This snapshot bundle is too large (${size} bytes; the limit is ${MAX_BUNDLE_BYTES}); nothing was imported.`,
        ),
    );
    const result = withCliWorkspace(command, values, {}, (ws) => importSnapshot(ws, bundle));
    if (values.json) printJson(io, result);
    else io.out(describeImport(result));
    return EXIT_OK;
  } catch (error) {
    // A refusal is an answer, not a crash: scripts get it as JSON on stdout.
    const refusal = asAppError(error);
    if (!values.json || refusal === undefined || exitCodeFor(refusal) !== EXIT_FAILED) {
      throw error;
    }
    printJson(io, { status: 'rejected', code: refusal.code, message: refusal.message });
    io.err(`concordat: ${refusal.message} [${refusal.code}]`);
    return EXIT_FAILED;
  }
}

export function runSnapshot(argv: string[], io: CliIo): number | Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'export':
      return runExport(rest, io);
    case 'import':
      return runImport(rest, io);
    default:
      throw new UsageError(
        `snapshot: unknown subcommand "${sub ?? ''}". See \`concordat help snapshot\`.`,
      );
  }
}
