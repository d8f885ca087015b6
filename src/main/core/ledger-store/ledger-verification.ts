import type { VerificationOutcome } from '../../../shared/domain/ledger';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../workspace/workspace';
import { latestOwnCheckpoint } from './checkpoints';
import { signingKeyInfo } from './ledger-queries';
import { renderVerificationHtml } from './verification-html';
import { verifyWorkspace } from './verify-workspace';

export interface VerificationRunOptions {
  deep: boolean;
  signal: AbortSignal;
  onProgress: (label: string, done: number, total: number) => void;
  appVersion: string;
  now?: () => Date;
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) {
    throw new AppError('CANCELLED', 'Verification was cancelled; nothing was changed.');
  }
}

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
  throwIfCancelled(options.signal);
  const size = ws.ledger.size;
  options.onProgress('Checking entries', 0, size);
  // Yield once so the progress event and any cancel reach us before the work starts.
  await new Promise((resolve) => setImmediate(resolve));
  throwIfCancelled(options.signal);
  const report = verifyWorkspace(ws, { deep: options.deep });
  options.onProgress('Checking entries', size, size);
  const finishedAt = now().toISOString();
  const key = signingKeyInfo(ws);
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
