import { AppError, type ErrorCode } from '../../../../shared/errors';
import { listBackupManifests, readRestoreRecord } from '../../backup/backup-files';
import { translateSqliteError } from '../../db/sqlite-errors';
import { asAppError } from '../../errors/as-app-error';
import { toHex } from '../../ledger/bytes';
import { rootAt } from '../../ledger/merkle-tree';
import type { VerificationReport } from '../../ledger-store/verification-report';
import { quickCheckFile, verifyLedgerFile } from '../../ledger-store/verify-parallel';
import type { Workspace } from '../../workspace/workspace';

export interface OpenCheckOptions {
  /** The better-sqlite3 build of this runtime, for the verification's workers. */
  nativeBinding?: string;
  /** Worker threads for the ledger's level 1 (default: every core; 0: none). */
  threads?: number;
}

/** The first fault of a failed report, in words. */
export function describeFault(report: VerificationReport): string {
  const fault = report.fault;
  if (!fault) return 'a check failed';
  const where = fault.seq === null ? '' : ` at entry ${fault.seq}`;
  return `${fault.kind}${where}: ${fault.message}`;
}

function ledgerDamaged(ws: Workspace, what: string): AppError {
  return new AppError(
    'LEDGER_DAMAGED',
    `The ledger of ${ws.path} failed its check when the workspace was opened (${what}). It may have been edited outside Concordat; restore a verified backup.`,
  );
}

/**
 * The newest verified backup of this node taken since the last restore must be a prefix of the
 * live ledger: a shorter ledger lost entries (a deleted -wal whose -shm went with it), a
 * different root at the backup's size means history was rewritten. O(log n) per backup.
 */
function compareWithBackups(ws: Workspace): AppError | undefined {
  const restoredAt = readRestoreRecord(ws.path)?.at ?? '';
  const backup = listBackupManifests(ws.path).find(
    (manifest) =>
      manifest.verified &&
      manifest.nodeId === ws.node.nodeId &&
      manifest.ledgerSize !== null &&
      manifest.root !== null &&
      manifest.createdAt > restoredAt,
  );
  if (!backup || backup.ledgerSize === null || backup.root === null) return undefined;
  const size = ws.ledger.size;
  if (backup.ledgerSize > size) {
    return ledgerDamaged(
      ws,
      `it holds ${size} entries, but the verified backup ${backup.id} already held ${backup.ledgerSize}: recent changes were lost`,
    );
  }
  if (
    backup.ledgerSize > 0 &&
    toHex(rootAt(backup.ledgerSize, ws.ledger.subtrees)) !== backup.root
  ) {
    return ledgerDamaged(
      ws,
      `its first ${backup.ledgerSize} entries no longer hash to the root recorded in the verified backup ${backup.id}: history was rewritten`,
    );
  }
  return undefined;
}

/**
 * What the app checks every time it opens a workspace, after the file checks and SQLite's own
 * open: SQLite's `quick_check` on a worker (every page and b-tree; catches pages overwritten
 * anywhere), the ledger's levels 1 and 2 (catches entries edited, deleted or reordered behind
 * the ledger's back, and rollbacks behind a signed checkpoint), and consistency with the latest
 * verified backup. Resolves to the problem, with its stable code, or undefined when all passed.
 */
export async function checkOpenedWorkspace(
  ws: Workspace,
  options: OpenCheckOptions = {},
): Promise<AppError | undefined> {
  try {
    // On a worker: seconds for a large workspace, which the window would otherwise wait out
    // with main's thread blocked.
    const result = await quickCheckFile(ws.path, ws.sqlite, {
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    if (result !== 'ok') {
      return new AppError(
        'WORKSPACE_CORRUPT',
        `The workspace ${ws.path} is damaged: SQLite's integrity check found ${result.slice(0, 300)}. Restore it from a verified backup.`,
      );
    }
    const report = await verifyLedgerFile(ws.path, {
      deep: false,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    if (!report.ok) return ledgerDamaged(ws, describeFault(report));
    const rewound = compareWithBackups(ws);
    if (rewound) return rewound;
    return undefined;
  } catch (error) {
    const known = asAppError(translateSqliteError(error, ws.path));
    if (known) return known;
    // SQLite failing to read the file on a verification worker (its error crosses the thread
    // without its code) is damage too.
    if (error instanceof Error && error.name === 'SqliteError') {
      return new AppError(
        'WORKSPACE_CORRUPT',
        `The workspace ${ws.path} could not be read while it was checked (${error.message}). Restore it from a verified backup.`,
      );
    }
    throw error;
  }
}

/** Problems with the workspace file itself: the app shows the recovery screen for these. */
const recoveryCodes = new Set<ErrorCode>([
  'WORKSPACE_CORRUPT',
  'LEDGER_DAMAGED',
  'WORKSPACE_NOT_INITIALISED',
  'WORKSPACE_NOT_SQLITE',
  'WORKSPACE_NOT_CONCORDAT',
  'WORKSPACE_TOO_NEW',
  'WORKSPACE_READ_ONLY',
  'MIGRATION_UNKNOWN',
  'MIGRATION_MISSING',
  'MIGRATION_MODIFIED',
  'MIGRATION_FAILED',
]);

/**
 * Damage to a file that is ours: these files are moved aside (never deleted). A file that is
 * not a workspace at all, or is one from a newer version, stays where it is; a restore moves
 * it aside then.
 */
const quarantineCodes = new Set<ErrorCode>([
  'WORKSPACE_CORRUPT',
  'LEDGER_DAMAGED',
  'WORKSPACE_NOT_INITIALISED',
]);

export interface OpenFailure {
  error: AppError;
  /** Move the files aside. */
  quarantine: boolean;
}

/**
 * Whether an error from opening a workspace is a problem with its file (the recovery screen's
 * business) and whether the files should be moved aside. Undefined for anything else (a locked
 * file, a wrong passphrase, a bug), which the caller reports as before.
 */
export function classifyOpenFailure(error: unknown): OpenFailure | undefined {
  const appError = asAppError(error);
  if (!appError || !recoveryCodes.has(appError.code)) return undefined;
  return { error: appError, quarantine: quarantineCodes.has(appError.code) };
}
