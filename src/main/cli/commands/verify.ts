import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  describeReport,
  type VerificationReport,
} from '../../core/ledger-store/verification-report';
import { verifyBundle } from '../../core/ledger-store/verify-bundle';
import { verifyWorkspace } from '../../core/ledger-store/verify-workspace';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs } from '../args';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';

export const verifyHelp = `concordat verify [--deep] [--json] (--db PATH | EXPORT_DIR)

Verifies a ledger and says what was checked and, on failure, the first bad entry and the
kind of fault. With --db: entries, stored checkpoints (signatures, rollback, forks) and, with
--deep, a replay of every entry compared with the live tables. With EXPORT_DIR (from
\`concordat ledger export\`): the checkpoint's signature, then every entry against it.
Exit 0 verified, 1 verification failed, 2 bad usage or unreadable input.`;

export function runVerify(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(
    'verify',
    argv,
    {
      db: { type: 'string' },
      deep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if ((values.db === undefined) === (positionals.length === 0) || positionals.length > 1) {
    throw new UsageError('verify: name either --db PATH or one EXPORT_DIR.');
  }
  let report: VerificationReport;
  if (values.db !== undefined) {
    const workspace = Workspace.open(resolve(values.db), { readOnly: true });
    try {
      report = verifyWorkspace(workspace, { deep: values.deep });
    } finally {
      workspace.close();
    }
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
