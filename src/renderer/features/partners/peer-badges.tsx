import type { PeerSummary } from '../../../shared/domain/sync';
import { Badge } from '../../ui/badge';
import { formatAsOf } from './replica-badge';

export function TrustBadge({ peer }: { peer: Pick<PeerSummary, 'status' | 'revokedAt'> }) {
  return peer.status === 'trusted' ? (
    <Badge tone="green">Trusted</Badge>
  ) : (
    <Badge tone="red">Revoked</Badge>
  );
}

/** Shown when the last snapshot received has expired: its records are shown "as of" then. */
export function StaleBadge({ peer }: { peer: Pick<PeerSummary, 'stale' | 'lastReceived'> }) {
  if (!peer.stale || !peer.lastReceived) return null;
  return (
    <span
      data-testid="stale-badge"
      title={`The last snapshot expired on ${formatAsOf(peer.lastReceived.expiresAt)}; ask for a current one.`}
    >
      <Badge tone="amber">stale — as of {formatAsOf(peer.lastReceived.issuedAt)}</Badge>
    </span>
  );
}

export function AlarmBadge({ count }: { count: number }) {
  if (count === 0) return <span className="cell-muted">None</span>;
  return (
    <Badge tone="red">
      {count} {count === 1 ? 'alarm' : 'alarms'}
    </Badge>
  );
}
