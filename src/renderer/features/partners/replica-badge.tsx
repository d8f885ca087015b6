import { Badge } from '../../ui/badge';
import type { ReplicaOrigin } from './use-peers';
import './replica-badge.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A snapshot's date in the reader's words ("3 Mar 2026"). */
export function formatAsOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/** Why a replica cannot be edited here, for the disabled controls' titles. */
export function ownerBlocker(origin: ReplicaOrigin | undefined): string {
  const owner = origin?.organisation ?? 'another node';
  return `Owned by ${owner}; only its owner changes it.`;
}

/** "From Acme · as of 3 Mar 2026", and whether that snapshot has expired. */
export function originText(origin: ReplicaOrigin | undefined): string {
  const from = `From ${origin?.organisation ?? 'another node'}`;
  if (!origin?.asOf) return from;
  return `${from} · ${origin.stale ? 'stale — ' : ''}as of ${formatAsOf(origin.asOf)}`;
}

/**
 * Marks a record another node owns (a verified, read-only replica from its last snapshot):
 * where it is from and as of when, amber once that snapshot has expired.
 */
export function ReplicaBadge({ origin }: { origin: ReplicaOrigin | undefined }) {
  return (
    <span className="replica-badge" title={`${originText(origin)}. ${ownerBlocker(origin)}`}>
      <Badge tone={origin?.stale ? 'amber' : 'blue'}>
        From {origin?.organisation ?? 'another node'}
      </Badge>
      {origin?.asOf ? (
        <span className="replica-as-of">
          {origin.stale ? 'stale — ' : ''}as of {formatAsOf(origin.asOf)}
        </span>
      ) : null}
    </span>
  );
}
