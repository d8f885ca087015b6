import { useState } from 'react';
import type { SyncReport } from '../../../shared/contract/sync-channels';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { ErrorText } from '../../ui/banner';
import { pluralise } from '../../ui/format';
import { Spinner } from '../../ui/spinner';
import { diffCountsText } from './diff-view';

type SyncState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; report: SyncReport }
  | { status: 'failed'; error: RpcError };

interface PeerOutcome {
  lines: string[];
  error: { code: string; message: string } | null;
}

/** What a round did with one peer, a line per step, and the first failure with it. */
export function peerOutcome(report: SyncReport, peer: string): PeerOutcome {
  const result = report.peers.find((entry) => entry.peer === peer);
  const delivered = report.delivery.errors.filter((error) => error.peerId === peer);
  if (!result) {
    return {
      lines: ['This peer was not part of the round (no transport, or not trusted).'],
      error: null,
    };
  }
  const lines = [
    result.published === null
      ? 'No new snapshot was needed.'
      : `Published snapshot ${String(result.published)}.`,
  ];
  if (delivered.length === 0) lines.push('The outbox for it is delivered.');
  const imported = result.imported.filter((entry) => entry.status === 'imported');
  if (imported.length === 0 && result.error === null) lines.push('No new snapshot from it.');
  for (const entry of imported) {
    lines.push(
      `Imported snapshot ${String(entry.version)}${entry.diff ? `: ${diffCountsText(entry.diff.counts)}` : ''}.`,
    );
  }
  const failure = delivered[0] ?? result.error;
  return { lines, error: failure ? { code: failure.code, message: failure.message } : null };
}

/**
 * "Sync now": one round with every peer that has a transport (the periodic round, at once):
 * publish where due, deliver the outbox, fetch and import. Shows what it did with this peer.
 */
export function SyncNow({
  peer,
  blocker,
  onFinished,
}: {
  peer: string;
  /** Why this member may not sync (or no transport is set), or null. */
  blocker: string | null;
  onFinished: () => void;
}) {
  const client = useClient();
  const [state, setState] = useState<SyncState>({ status: 'idle' });

  function start(): void {
    setState({ status: 'running' });
    client.call('sync.syncNow', {}).then(
      (report) => {
        setState({ status: 'done', report });
        onFinished();
      },
      (caught: unknown) => {
        setState({ status: 'failed', error: toRpcError(caught) });
        onFinished();
      },
    );
  }

  const outcome = state.status === 'done' ? peerOutcome(state.report, peer) : null;
  const others =
    state.status === 'done' ? state.report.peers.filter((entry) => entry.peer !== peer).length : 0;
  return (
    <div className="sync-now" data-testid="sync-now">
      <div className="sync-now-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="sync-now-start"
          disabled={blocker !== null || state.status === 'running'}
          title={blocker ?? 'Publish, deliver and fetch snapshots with peers now'}
          onClick={start}
        >
          {state.status === 'running' ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      <div aria-live="polite" className="sync-now-status" data-testid="sync-now-status">
        {state.status === 'running' ? (
          <Spinner label="Publishing, delivering and fetching snapshots…" />
        ) : null}
        {outcome ? (
          <>
            <ul className="sync-now-lines">
              {outcome.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
              {others > 0 ? (
                <li>The round also synced {pluralise(others, 'other peer')}.</li>
              ) : null}
            </ul>
            {outcome.error ? (
              <p className="field-error" role="alert">
                Stopped: <ErrorText error={outcome.error} />
              </p>
            ) : null}
          </>
        ) : null}
        {state.status === 'failed' ? (
          <p className="field-error" role="alert">
            <ErrorText error={state.error} />
          </p>
        ) : null}
      </div>
    </div>
  );
}
