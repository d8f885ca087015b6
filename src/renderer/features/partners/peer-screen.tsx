import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PeerDetail } from '../../../shared/contract/sync-channels';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { Banner, LoadErrorBanner, RefusalBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { formatCount, formatDateTime, formatRelative, pluralise } from '../../ui/format';
import { AlertIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { saveBytesFile } from '../../ui/save-file';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useNow } from '../../ui/use-now';
import { useLiveQuery } from '../charter/use-live-query';
import { base64ToBytes } from './bundle-file';
import { CopyButton } from './copy-button';
import { DiffView } from './diff-view';
import { groupFingerprint } from './fingerprint';
import { AlarmBadge, StaleBadge, TrustBadge } from './peer-badges';
import { PeerReplicas } from './peer-replicas';
import { RelationshipText } from './peer-terms';
import { formatAsOf } from './replica-badge';
import { RevokeDialog } from './revoke-dialog';
import { syncBlocker, syncNowBlocker } from './sync-permissions';
import { SyncNow } from './sync-now';
import { TermsDialog } from './terms-dialog';
import { TransportForm } from './transport-form';
import { usePeerRevision, usePeers, useTierOptions } from './use-peers';
import './partners.css';

function Breadcrumb() {
  return (
    <Link className="breadcrumb" to="/partners">
      ← Partners
    </Link>
  );
}

/** Keyed by node id, so moving between peers starts fresh. */
export function PeerRoute() {
  const { nodeId = '' } = useParams();
  return <PeerScreen key={nodeId} nodeId={nodeId} />;
}

function TrustCard({ detail }: { detail: PeerDetail }) {
  const { summary } = detail;
  return (
    <section className="card" aria-labelledby="trust-title" data-testid="peer-trust">
      <h2 id="trust-title" className="section-title">
        Trust and keys
      </h2>
      <div className="badge-row">
        <TrustBadge peer={summary} />
        <StaleBadge peer={summary} />
      </div>
      <dl className="peer-facts">
        <div>
          <dt>Fingerprint</dt>
          <dd className="peer-fingerprint">
            <code className="mono fingerprint">{groupFingerprint(summary.fingerprint)}</code>
            <CopyButton
              text={summary.fingerprint}
              label={`Copy the fingerprint of ${summary.organisation}`}
              what="Fingerprint"
            />
          </dd>
        </div>
        <div>
          <dt>Node ID</dt>
          <dd className="mono break">{summary.nodeId}</dd>
        </div>
        <div>
          <dt>Operator</dt>
          <dd>{summary.operator}</dd>
        </div>
        <div>
          <dt>Pinned</dt>
          <dd>{formatDateTime(summary.addedAt)}</dd>
        </div>
      </dl>
      {detail.keys.length > 1 ? (
        <>
          <h3 className="peer-subtitle">Keys</h3>
          <ul className="peer-keys">
            {detail.keys.map((key) => (
              <li key={key.fingerprint}>
                <code className="mono">{key.fingerprint}</code>{' '}
                <span className="cell-muted">
                  {key.retiredAt
                    ? `trusted ${formatAsOf(key.trustedAt)} – ${formatAsOf(key.retiredAt)}`
                    : `current since ${formatAsOf(key.trustedAt)}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function AlarmsCard({ detail }: { detail: PeerDetail }) {
  if (detail.alarms.length === 0) return null;
  return (
    <section className="card alarms-card" aria-labelledby="alarms-title" data-testid="peer-alarms">
      <h2 id="alarms-title" className="section-title">
        Alarms <AlarmBadge count={detail.alarms.length} />
      </h2>
      <p className="cell-muted">
        {detail.summary.organisation} signed views of its ledger that cannot both be true. Keep the
        evidence and ask them why before trusting what they send.
      </p>
      {detail.alarms.map((alarm) => (
        <div key={alarm.id} className="alarm">
          <p className="alarm-detail">
            <strong>{alarm.kind === 'fork' ? 'Fork' : alarm.kind}</strong> — {alarm.detail}
          </p>
          <p className="cell-muted">Raised {formatDateTime(alarm.raisedAt)}</p>
          <dl className="alarm-evidence">
            {Object.entries(alarm.evidence).map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd className="mono break">{value === null ? '—' : String(value)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}

function HistoryCard({ detail }: { detail: PeerDetail }) {
  const now = useNow();
  return (
    <section className="card" aria-labelledby="history-title" data-testid="peer-history">
      <h2 id="history-title" className="section-title">
        Snapshots received ({formatCount(detail.receivedTotal)})
      </h2>
      {detail.received.length === 0 ? (
        <p className="cell-muted">None yet.</p>
      ) : (
        <table className="replica-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Issued</th>
              <th scope="col">Imported</th>
              <th scope="col">Added</th>
              <th scope="col">Changed</th>
              <th scope="col">Removed</th>
            </tr>
          </thead>
          <tbody>
            {detail.received.map((snapshot) => (
              <tr key={snapshot.version} data-testid="received-row">
                <td className="mono">v{snapshot.version}</td>
                <td>{formatDateTime(snapshot.issuedAt)}</td>
                <td>
                  <time dateTime={snapshot.importedAt} title={formatDateTime(snapshot.importedAt)}>
                    {formatRelative(snapshot.importedAt, now)}
                  </time>
                </td>
                <td>{formatCount(snapshot.counts.added)}</td>
                <td>{formatCount(snapshot.counts.changed)}</td>
                <td>{formatCount(snapshot.counts.removed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {detail.receivedTotal > detail.received.length ? (
        <p className="cell-muted">The newest {formatCount(detail.received.length)} are listed.</p>
      ) : null}
    </section>
  );
}

function OutboxState({ detail }: { detail: PeerDetail }) {
  const now = useNow();
  const { outbox } = detail;
  if (!outbox) return <p className="cell-muted">Nothing was queued for this peer yet.</p>;
  return (
    <dl className="peer-facts" data-testid="peer-outbox">
      <div>
        <dt>Waiting</dt>
        <dd>
          {outbox.pending === 0 ? 'Nothing' : pluralise(outbox.pending, 'snapshot')}
          {outbox.oldestPendingAt ? (
            <span className="cell-muted"> since {formatRelative(outbox.oldestPendingAt, now)}</span>
          ) : null}
        </dd>
      </div>
      {outbox.pending > 0 && outbox.nextAttemptAt ? (
        <div>
          <dt>Next attempt</dt>
          <dd>{formatDateTime(outbox.nextAttemptAt)}</dd>
        </div>
      ) : null}
      <div>
        <dt>Last delivered</dt>
        <dd>{outbox.lastSentAt ? formatRelative(outbox.lastSentAt, now) : 'Never'}</dd>
      </div>
      {outbox.lastError ? (
        <div>
          <dt>Last failure</dt>
          <dd className="field-error">
            {outbox.lastError.message} <code className="error-code">{outbox.lastError.code}</code>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function PeerScreen({ nodeId }: { nodeId: string }) {
  const client = useClient();
  const toast = useToast();
  const { status } = useWorkspace();
  const revision = usePeerRevision();
  const load = useCallback(() => client.call('sync.peer', { nodeId }), [client, nodeId]);
  const query = useLiveQuery(load, revision);
  const peers = usePeers();
  const tiers = useTierOptions();
  const tierNames = useMemo(() => new Map(tiers.map((tier) => [tier.id, tier.name])), [tiers]);
  const [revoking, setRevoking] = useState(false);
  const [changing, setChanging] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<RpcError | null>(null);

  const detail = query.value;
  if (detail === null) {
    if (query.error?.code === 'PEER_UNKNOWN' || query.error?.code === 'INVALID_INPUT') {
      return (
        <div className="page">
          <PageHeader eyebrow={<Breadcrumb />} title="Peer" />
          <EmptyState icon={<AlertIcon />} title="No such peer">
            This node has not pinned a peer with that node id. It may be a link from another
            workspace.
          </EmptyState>
        </div>
      );
    }
    return (
      <div className="page">
        <PageHeader eyebrow={<Breadcrumb />} title="Peer" />
        {query.error ? (
          <LoadErrorBanner
            title="The peer could not be loaded"
            error={query.error}
            onRetry={query.retry}
          />
        ) : (
          <Spinner label="Loading the peer…" />
        )}
      </div>
    );
  }

  const { summary } = detail;
  const trusted = summary.status === 'trusted';
  const exportBlocker = trusted
    ? syncBlocker(status, 'exportSnapshot')
    : `${summary.organisation} was revoked; nothing is sent to it.`;
  const changeBlocker = trusted
    ? syncBlocker(status, 'changePeer')
    : 'A revoked peer stays revoked.';
  const revokeBlocker = trusted ? syncBlocker(status, 'revokePeer') : 'Already revoked.';
  const transportBlocker = trusted
    ? syncBlocker(status, 'setTransport')
    : 'A revoked peer has no transport.';
  const syncBlocked = !trusted
    ? 'A revoked peer is not synced.'
    : detail.transport === null
      ? 'Set a transport (a shared folder or a WebDAV server) first.'
      : syncNowBlocker(status);
  const governedBy =
    peers.value?.find((peer) => peer.governs && peer.status === 'trusted' && peer.nodeId !== nodeId)
      ?.organisation ?? null;

  function exportSnapshot(): void {
    setExporting(true);
    setExportError(null);
    client.call('sync.exportBundle', { peer: nodeId }).then(
      (exported) => {
        setExporting(false);
        saveBytesFile(
          exported.fileName,
          base64ToBytes(exported.bundleBase64),
          'application/octet-stream',
        );
        toast(
          `Snapshot ${String(exported.version)} for ${summary.organisation} saved as ${exported.fileName}${exported.queued ? ', and queued for its transport' : ''}.`,
        );
      },
      (caught: unknown) => {
        setExporting(false);
        setExportError(toRpcError(caught));
      },
    );
  }

  return (
    <div className="page peer-page" data-testid="peer-page">
      <PageHeader
        eyebrow={<Breadcrumb />}
        title={summary.organisation}
        description={
          <>
            {summary.operator} · <RelationshipText peer={summary} tierNames={tierNames} />
          </>
        }
        actions={
          <>
            <button
              type="button"
              className="button"
              data-testid="peer-change"
              disabled={changeBlocker !== null}
              title={changeBlocker ?? 'Change the relationship'}
              onClick={() => {
                setChanging(true);
              }}
            >
              Change relationship
            </button>
            <button
              type="button"
              className="button"
              data-testid="peer-export"
              disabled={exportBlocker !== null || exporting}
              title={
                exportBlocker ??
                `Sign the next snapshot for ${summary.organisation} and save it as a file`
              }
              onClick={exportSnapshot}
            >
              {exporting ? 'Exporting…' : 'Export snapshot for this peer'}
            </button>
            <button
              type="button"
              className="button button-danger"
              data-testid="peer-revoke"
              disabled={revokeBlocker !== null}
              title={revokeBlocker ?? `Stop trusting ${summary.organisation}`}
              onClick={() => {
                setRevoking(true);
              }}
            >
              Revoke
            </button>
          </>
        }
      />
      {query.error ? (
        <LoadErrorBanner
          title="The peer could not be refreshed"
          error={query.error}
          onRetry={query.retry}
          tone="warning"
        />
      ) : null}
      {exportError ? (
        <RefusalBanner
          title="The snapshot was not exported"
          error={exportError}
          onDismiss={() => {
            setExportError(null);
          }}
        />
      ) : null}
      {!trusted ? (
        <Banner title={`Revoked on ${formatDateTime(summary.revokedAt ?? '')}`} tone="warning">
          <p>Reason: {summary.revokeReason}</p>
          <p>Its snapshots are refused; what it sent before stays, as of its last snapshot.</p>
        </Banner>
      ) : null}
      {summary.stale && summary.lastReceived ? (
        <Banner title="Its last snapshot has expired" tone="warning">
          What {summary.organisation} shares is shown as of{' '}
          {formatDateTime(summary.lastReceived.issuedAt)}; it expired on{' '}
          {formatDateTime(summary.lastReceived.expiresAt)}. Ask them for a current one.
        </Banner>
      ) : null}
      <div className="peer-layout">
        <div className="peer-main">
          <section
            className="card"
            aria-labelledby="last-import-title"
            data-testid="peer-last-import"
          >
            <h2 id="last-import-title" className="section-title">
              Last import
            </h2>
            {detail.lastImport ? (
              <>
                <p className="cell-muted">
                  Snapshot {detail.lastImport.version}, issued{' '}
                  {formatDateTime(detail.lastImport.issuedAt)}, imported{' '}
                  {formatDateTime(detail.lastImport.importedAt)}.
                </p>
                <DiffView diff={detail.lastImport.diff} />
              </>
            ) : (
              <p className="cell-muted">Nothing was imported from {summary.organisation} yet.</p>
            )}
          </section>
          <PeerReplicas peer={summary} revision={revision} />
          <HistoryCard detail={detail} />
        </div>
        <aside className="peer-aside">
          <TrustCard detail={detail} />
          <AlarmsCard detail={detail} />
          <section className="card" aria-labelledby="transport-title">
            <h2 id="transport-title" className="section-title">
              Transport
            </h2>
            <TransportForm
              key={detail.transport?.updatedAt ?? 'none'}
              nodeId={nodeId}
              transport={detail.transport}
              blocker={transportBlocker}
            />
            <h3 className="peer-subtitle">Outbox</h3>
            <OutboxState detail={detail} />
            <SyncNow peer={nodeId} blocker={syncBlocked} onFinished={query.retry} />
          </section>
        </aside>
      </div>
      {revoking ? (
        <RevokeDialog
          peer={summary}
          onRevoked={(revoked) => {
            toast(`${revoked.organisation} was revoked.`);
          }}
          onClose={() => {
            setRevoking(false);
          }}
        />
      ) : null}
      {changing ? (
        <TermsDialog
          peer={summary}
          tiers={tiers}
          governedBy={governedBy}
          onClose={() => {
            setChanging(false);
          }}
        />
      ) : null}
    </div>
  );
}
