import { resolve } from 'node:path';
import { can } from '../../../shared/domain/permissions';
import { AppError } from '../../../shared/errors';
import { type PeerSyncResult, runSync, type SyncReport } from '../../core/sync/sync-run';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_FAILED, EXIT_OK } from '../cli-error';
import { asUsage } from '../cli-workspace';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';

export const syncHelp = `concordat sync --db PATH [--as MEMBER] [--json]

  One round with every trusted peer that has a transport (\`concordat peer transport\`):
  builds and signs a new snapshot for each peer that needs one (something changed since
  the last, or the last nears its expiry), delivers what is waiting in the outbox (a
  failed delivery is retried in a later round, with backoff), then fetches and imports
  each peer's snapshots for this node, in order. Prints, per peer, what was published
  and imported and what went wrong.

Publishing signs with the node's key: CONCORDAT_PASSPHRASE, or asked on the terminal (not
asked when the member acting may not publish). --as acts as another member of the
workspace. Exit codes: 0 every step succeeded, 1 something failed (the rest was still
done; see the report), 2 bad usage or input.`;

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function describePeer(result: PeerSyncResult): string[] {
  const lines = [`${result.organisation} (node ${result.peer})`];
  if (result.published !== null) lines.push(`  published snapshot ${result.published}`);
  for (const imported of result.imported) {
    if (imported.status === 'already-imported' || imported.diff === null) {
      lines.push(`  snapshot ${imported.version} was already imported`);
    } else {
      const { added, changed, removed } = imported.diff.counts;
      lines.push(
        `  imported snapshot ${imported.version}: ${added} added, ${changed} changed, ${removed} removed`,
      );
    }
  }
  if (result.error) lines.push(`  FAILED: ${result.error.message} [${result.error.code}]`);
  if (lines.length === 1) lines.push('  nothing new');
  return lines;
}

function describeReport(report: SyncReport, signing: boolean): string {
  if (report.peers.length === 0 && report.delivery.sent + report.delivery.failed === 0) {
    return 'No peer has a transport yet; set one with `concordat peer transport`.';
  }
  const lines = report.peers.flatMap(describePeer);
  lines.push(
    `Delivered ${plural(report.delivery.sent, 'snapshot')}` +
      (report.delivery.failed > 0 ? `; ${report.delivery.failed} failed (retried later):` : '.'),
    ...report.delivery.errors.map(
      (error) => `  snapshot ${error.version} to ${error.peerId}: ${error.message} [${error.code}]`,
    ),
  );
  if (!signing) lines.push('Nothing was published: this node cannot sign now.');
  return lines.join('\n');
}

export async function runSyncCommand(argv: string[], io: CliIo): Promise<number> {
  const command = 'sync';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    as: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const ws = Workspace.open(resolve(requireOption(command, 'db', values.db)));
  try {
    const actAs = values.as;
    if (actAs !== undefined) asUsage(command, () => ws.actAsNamed(actAs));
    // Only a member who may publish signs anything; an auditor's node only receives.
    if (can(ws.actor.roles, 'snapshot.publish')) {
      const protection = await passphraseProtection(io, { confirm: false });
      try {
        ws.unlock(protection);
      } catch (error) {
        // A copy without its key file still receives; it says so instead of failing.
        if (!(error instanceof AppError && error.code === 'KEY_MISSING')) throw error;
      }
    }
    const report = await runSync(ws);
    if (values.json) printJson(io, report);
    else io.out(describeReport(report, ws.isUnlocked || !can(ws.actor.roles, 'snapshot.publish')));
    const failed = report.delivery.failed > 0 || report.peers.some((peer) => peer.error !== null);
    return failed ? EXIT_FAILED : EXIT_OK;
  } finally {
    ws.close();
  }
}
