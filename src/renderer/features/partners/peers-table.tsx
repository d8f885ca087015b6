import { Link } from 'react-router';
import type { PeerSummary } from '../../../shared/domain/sync';
import { formatDateTime, formatRelative } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { CopyButton } from './copy-button';
import { AlarmBadge, StaleBadge, TrustBadge } from './peer-badges';
import { RelationshipText } from './peer-terms';

function Exchange({
  exchange,
  now,
  label,
}: {
  exchange: { version: number; issuedAt: string } | null;
  now: number;
  label: string;
}) {
  if (!exchange) return <span className="cell-muted">Never</span>;
  return (
    <span
      title={`${label} snapshot ${String(exchange.version)}, issued ${formatDateTime(exchange.issuedAt)}`}
    >
      v{exchange.version} ·{' '}
      <time dateTime={exchange.issuedAt}>{formatRelative(exchange.issuedAt, now)}</time>
    </span>
  );
}

/**
 * The peers this node exchanges signed snapshots with: who, how they are trusted, the key
 * pinned for them, and when snapshots last went each way. A peer's name opens its page.
 */
export function PeersTable({
  peers,
  tierNames,
}: {
  peers: readonly PeerSummary[];
  tierNames: ReadonlyMap<string, string>;
}) {
  const now = useNow();
  return (
    <div className="peers-table-wrap">
      <table className="peers-table" data-testid="peers-table">
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Relationship</th>
            <th scope="col">Trust</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Last sent</th>
            <th scope="col">Last received</th>
            <th scope="col">Alarms</th>
          </tr>
        </thead>
        <tbody>
          {peers.map((peer) => (
            <tr
              key={peer.nodeId}
              data-testid="peer-row"
              data-node={peer.nodeId}
              className={peer.status === 'revoked' ? 'peer-row-revoked' : undefined}
            >
              <td>
                <Link className="peer-link" to={`/partners/${encodeURIComponent(peer.nodeId)}`}>
                  {peer.organisation}
                </Link>
                <div className="cell-muted peer-operator">{peer.operator}</div>
              </td>
              <td>
                <RelationshipText peer={peer} tierNames={tierNames} />
              </td>
              <td>
                <TrustBadge peer={peer} />
              </td>
              <td>
                <span className="peer-fingerprint">
                  <code className="mono" title={peer.fingerprint}>
                    {peer.fingerprint.slice(0, 'SHA256:'.length + 12)}…
                  </code>
                  <CopyButton
                    text={peer.fingerprint}
                    label={`Copy the fingerprint of ${peer.organisation}`}
                    what="Fingerprint"
                  />
                </span>
              </td>
              <td>
                <Exchange exchange={peer.lastSent} now={now} label="Sent" />
              </td>
              <td>
                <Exchange exchange={peer.lastReceived} now={now} label="Received" />
                <StaleBadge peer={peer} />
              </td>
              <td>
                <AlarmBadge count={peer.alarms} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
