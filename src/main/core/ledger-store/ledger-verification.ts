import type { VerificationOutcome } from '../../../shared/domain/ledger';
import type { Workspace } from '../workspace/workspace';
import { latestOwnCheckpoint } from './checkpoints';
import { keyFingerprint } from '../keys/key-fingerprint';
import { renderVerificationHtml } from './verification-html';
import { type VerificationProgress, verifyLedgerFile } from './verify-parallel';

export interface VerificationRunOptions {
  deep: boolean;
  signal: AbortSignal;
  onProgress: (label: string, done: number, total: number) => void;
  appVersion: string;
  /** The better-sqlite3 build of this runtime (the desktop app's), for the workers. */
  nativeBinding?: string;
  now?: () => Date;
}

const phaseLabels: Record<VerificationProgress['phase'], string> = {
  entries: 'Checking entries',
  checkpoints: 'Checking signed checkpoints',
  projections: 'Replaying every entry and comparing the tables',
};

/**
 * A verification as the app runs it: the report, when it ran, the key it checked against and
 * the HTML report for the auditor's files. The checks read their own connection, so the app
 * stays usable while they run.
 */
export async function runLedgerVerification(
  ws: Workspace,
  options: VerificationRunOptions,
): Promise<VerificationOutcome> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  // Its own read-only connections and worker threads: the app stays responsive meanwhile.
  const report = await verifyLedgerFile(ws.path, {
    deep: options.deep,
    signal: options.signal,
    onProgress: ({ phase, done, total }) => {
      options.onProgress(phaseLabels[phase], done, total);
    },
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  });
  const finishedAt = now().toISOString();
  // The key the run checked against (from the verified ledger), not a re-read of the tables.
  const key = report.checkpoint
    ? {
        keyName: report.checkpoint.keyName,
        vkey: report.checkpoint.vkey,
        fingerprint: keyFingerprint(report.checkpoint.vkey),
      }
    : null;
  const html = renderVerificationHtml({
    report,
    deep: options.deep,
    startedAt,
    finishedAt,
    key,
    organisation: ws.node.organisation,
    operator: ws.node.operator,
    appVersion: options.appVersion,
    checkpointNote: latestOwnCheckpoint(ws.sqlite)?.note ?? null,
  });
  const stamp = finishedAt.slice(0, 19).replace(/[:T]/g, '-');
  return {
    report,
    deep: options.deep,
    startedAt,
    finishedAt,
    key,
    html,
    fileName: `concordat-verification-${report.ok ? 'verified' : 'FAILED'}-${stamp}.html`,
  };
}
