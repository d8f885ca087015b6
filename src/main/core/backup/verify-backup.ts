import { copyFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { loadMigrations } from '../db/migrations';
import { CONCORDAT_APPLICATION_ID } from '../db/open-database';
import { describeFault } from '../reliability/corruption/open-check';
import { verifyLedgerFile } from '../ledger-store/verify-parallel';
import { Workspace } from '../workspace/workspace';
import { removeDatabaseFiles } from './backup-files';

export interface BackupCheckOptions {
  /** The better-sqlite3 build of this runtime (the desktop app's). */
  nativeBinding?: string;
  /** Worker threads for the ledger's level 1 (default: every core; 0: none). */
  threads?: number;
  /** Also replay the ledger and compare the tables (level 3). */
  deep?: boolean;
}

export interface BackupCheck {
  ok: boolean;
  /** What failed, in words; null when everything passed. */
  problem: string | null;
  nodeId: string | null;
  schemaVersion: number;
  ledgerSize: number | null;
  /** Hex RFC 6962 root at ledgerSize. */
  root: string | null;
  checkpoint: { size: number; root: string } | null;
}

interface FileFacts {
  integrity: string;
  applicationId: number;
  schemaVersion: number;
  nodeId: string | null;
}

function readFacts(file: string, options: BackupCheckOptions): FileFacts {
  const sqlite = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    const integrity = rows.map((row) => row.integrity_check).join('; ');
    let nodeId: string | null = null;
    try {
      nodeId =
        (sqlite.prepare('SELECT node_id FROM node LIMIT 1').pluck().get() as string | undefined) ??
        null;
    } catch {
      // Checked below: a copy without a node table fails as not a workspace.
    }
    return {
      integrity,
      applicationId: sqlite.pragma('application_id', { simple: true }) as number,
      schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
      nodeId,
    };
  } finally {
    sqlite.close();
  }
}

/**
 * Verifies a backup copy the way the app opens a workspace, and more: SQLite's full
 * `integrity_check` (every page, every index), then the ledger's levels 1 and 2 (entries,
 * chain, tree, every stored checkpoint's signature; level 3 with `deep`). A copy at an older
 * schema is verified on a migrated scratch copy beside it (removed afterwards), so what is
 * checked is what a restore would open. Never changes `file`.
 */
export async function checkBackupFile(
  file: string,
  options: BackupCheckOptions = {},
): Promise<BackupCheck> {
  const failed = (problem: string, facts?: FileFacts): BackupCheck => ({
    ok: false,
    problem,
    nodeId: facts?.nodeId ?? null,
    schemaVersion: facts?.schemaVersion ?? 0,
    ledgerSize: null,
    root: null,
    checkpoint: null,
  });
  let facts: FileFacts;
  try {
    facts = readFacts(file, options);
  } catch (error) {
    return failed(`it cannot be read as a database (${(error as Error).message})`);
  }
  if (facts.integrity !== 'ok') {
    return failed(`SQLite's integrity check failed: ${facts.integrity.slice(0, 500)}`, facts);
  }
  if (facts.applicationId !== CONCORDAT_APPLICATION_ID || facts.nodeId === null) {
    return failed('it is not a Concordat workspace', facts);
  }
  const known = loadMigrations().length;
  if (facts.schemaVersion > known) {
    return failed(
      `it was written by a newer version of Concordat (schema ${facts.schemaVersion}; this version knows up to ${known})`,
      facts,
    );
  }
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  let target = file;
  let scratch: string | undefined;
  try {
    if (facts.schemaVersion < known) {
      scratch = `${file}.verify-${randomBytes(4).toString('hex')}`;
      copyFileSync(file, scratch);
      Workspace.open(scratch, { backupBeforeMigration: false, ...binding }).close();
      target = scratch;
    }
    const report = await verifyLedgerFile(target, {
      deep: options.deep ?? false,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...binding,
    });
    return {
      ok: report.ok,
      problem: report.ok ? null : `the ledger did not verify: ${describeFault(report)}`,
      nodeId: facts.nodeId,
      schemaVersion: facts.schemaVersion,
      ledgerSize: report.size,
      root: report.root,
      checkpoint: report.checkpoint
        ? { size: report.checkpoint.size, root: report.checkpoint.root }
        : null,
    };
  } catch (error) {
    return failed(`it could not be opened and verified (${(error as Error).message})`, facts);
  } finally {
    if (scratch) removeDatabaseFiles(scratch);
  }
}
