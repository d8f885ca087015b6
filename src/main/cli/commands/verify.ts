import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SigningKeyInfo } from '../../../shared/domain/ledger';
import { keyFingerprint } from '../../core/keys/key-fingerprint';
import { parseVerifierKey } from '../../core/ledger/note-keys';
import { latestOwnCheckpoint } from '../../core/ledger-store/checkpoints';
import { BUNDLE_FILES } from '../../core/ledger-store/export-bundle';
import { renderVerificationHtml } from '../../core/ledger-store/verification-html';
import { Workspace } from '../../core/workspace/workspace';
import {
  describeReport,
  type VerificationReport,
} from '../../core/ledger-store/verification-report';
import { verifyBundle } from '../../core/ledger-store/verify-bundle';
import { verifyLedgerFile } from '../../core/ledger-store/verify-parallel';
import { readAppVersion } from '../../core/paths/app-root';
import { parseCommandArgs } from '../args';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';

export const verifyHelp = `concordat verify [--deep] [--json] [--html FILE] [--vkey VKEY|FILE] [--threads N] (--db PATH | EXPORT_DIR)

Verifies a ledger and says what was checked and, on failure, the first bad entry and the
kind of fault. With --db: entries, stored checkpoints (signatures, rollback, forks) and, with
--deep, a replay of every entry compared with the live tables. With EXPORT_DIR (from
\`concordat ledger export\`): the checkpoint's signature, then every entry against it.
With --db the entries are checked on every core (--threads N: N worker threads; 0: none).
--html FILE also writes a self-contained HTML report for the auditor's work papers.
--vkey pins the node's verifier key (or a file holding it), as its operator gave it to you:
checkpoints must then verify with that key, not with the one the ledger itself names.
Exit 0 verified, 1 verification failed, 2 bad usage or unreadable input.`;

export async function runVerify(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'verify',
    argv,
    {
      db: { type: 'string' },
      deep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      threads: { type: 'string' },
      html: { type: 'string' },
      vkey: { type: 'string' },
    },
    true,
  );
  if ((values.db === undefined) === (positionals.length === 0) || positionals.length > 1) {
    throw new UsageError('verify: name either --db PATH or one EXPORT_DIR.');
  }
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isSafeInteger(threads) && threads >= 0)) {
    throw new UsageError('verify: --threads takes a whole number (0 verifies without workers).');
  }
  const pinnedVkey = values.vkey === undefined ? undefined : readPinnedVkey(values.vkey);
  const pinned = pinnedVkey === undefined ? {} : { pinnedVkey };
  const startedAt = new Date().toISOString();
  let report: VerificationReport;
  if (values.db !== undefined) {
    report = await verifyLedgerFile(resolve(values.db), {
      deep: values.deep,
      ...(threads === undefined ? {} : { threads }),
      ...pinned,
    });
  } else {
    const dir = resolve(positionals[0] ?? '');
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`verify: ${dir} is not a folder; name an export folder or use --db.`);
    }
    if (values.deep)
      throw new UsageError('verify: --deep needs --db (an export holds no tables to compare).');
    report = verifyBundle(dir, pinned);
  }
  if (values.html !== undefined) {
    const file = resolve(values.html);
    writeFileSync(file, htmlReport(report, values.db, positionals[0], values.deep, startedAt));
    if (!values.json) io.out(`Report written to ${file}`);
  }
  if (values.json) printJson(io, report);
  else io.out(describeReport(report));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

/** A vkey given on the command line, or the path of a file holding one; checked here. */
function readPinnedVkey(value: string): string {
  const text =
    existsSync(value) && statSync(value).isFile() && statSync(value).size < 4096
      ? readFileSync(value, 'utf8').trim()
      : value.trim();
  try {
    return parseVerifierKey(text).vkey;
  } catch {
    throw new UsageError(
      'verify: --vkey must be a verifier key (name+keyid+base64) or a file holding one.',
    );
  }
}

function keyInfo(report: VerificationReport): SigningKeyInfo | null {
  if (!report.checkpoint) return null;
  try {
    const { keyName, vkey } = report.checkpoint;
    return { keyName, vkey, fingerprint: keyFingerprint(vkey) };
  } catch {
    return null;
  }
}

/** The same HTML report the app saves, from what the command line knows. */
function htmlReport(
  report: VerificationReport,
  db: string | undefined,
  exportDir: string | undefined,
  deep: boolean,
  startedAt: string,
): string {
  let organisation: string | null = null;
  let operator: string | null = null;
  let checkpointNote: string | null = null;
  if (db !== undefined) {
    const workspace = Workspace.open(resolve(db), { readOnly: true });
    try {
      ({ organisation, operator } = workspace.node);
      checkpointNote = latestOwnCheckpoint(workspace.sqlite)?.note ?? null;
    } finally {
      workspace.close();
    }
  } else if (exportDir !== undefined) {
    const note = join(resolve(exportDir), BUNDLE_FILES.checkpoint);
    // Shown verbatim for reference only; verifyBundle has already judged it.
    if (existsSync(note) && statSync(note).size < 16_384)
      checkpointNote = readFileSync(note, 'utf8');
  }
  return renderVerificationHtml({
    report,
    deep,
    startedAt,
    finishedAt: new Date().toISOString(),
    key: keyInfo(report),
    organisation,
    operator,
    appVersion: readAppVersion(),
    checkpointNote,
  });
}
