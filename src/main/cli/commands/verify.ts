import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  describeReport,
  type VerificationReport,
} from '../../core/ledger-store/verification-report';
import { verifyBundle } from '../../core/ledger-store/verify-bundle';
import { verifyLedgerFile } from '../../core/ledger-store/verify-parallel';
import { parseCommandArgs } from '../args';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';

export const verifyHelp = `concordat verify [--deep] [--json] [--threads N] (--db PATH | EXPORT_DIR)

Verifies a ledger and says what was checked and, on failure, the first bad entry and the
kind of fault. With --db: entries, stored checkpoints (signatures, rollback, forks) and, with
--deep, a replay of every entry compared with the live tables. With EXPORT_DIR (from
\`concordat ledger export\`): the checkpoint's signature, then every entry against it.
With --db the entries are checked on every core (--threads N: N worker threads; 0: none).
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
  let report: VerificationReport;
  if (values.db !== undefined) {
    report = await verifyLedgerFile(resolve(values.db), {
      deep: values.deep,
      ...(threads === undefined ? {} : { threads }),
    });
  } else {
    const dir = resolve(positionals[0] ?? '');
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`verify: ${dir} is not a folder; name an export folder or use --db.`);
    }
    if (values.deep)
      throw new UsageError('verify: --deep needs --db (an export holds no tables to compare).');
    report = verifyBundle(dir);
  }
  if (values.json) printJson(io, report);
  else io.out(describeReport(report));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
