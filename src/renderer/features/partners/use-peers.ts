import { useCallback, useMemo, useReducer } from 'react';
import type { PeerSummary } from '../../../shared/domain/sync';
import { useAppEvent, useClient } from '../../api/client-context';
import { charterOf, useGoverningCharter } from '../catalog/use-governing-charter';
import { type LiveQuery, useLiveQuery } from '../charter/use-live-query';
import type { TierOption } from './peer-terms';

/** A counter bumped whenever main reports a change to peers or to what snapshots brought. */
export function usePeerRevision(): number {
  const [revision, bump] = useReducer((current: number) => current + 1, 0);
  useAppEvent((event) => {
    if (event.name !== 'workspace.changed') return;
    const { entity } = event.payload;
    if (entity === 'peer' || entity === 'workspace') bump();
  });
  return revision;
}

/** Every peer with its trust, exchanges and staleness, kept current. */
export function usePeers(): LiveQuery<PeerSummary[]> {
  const client = useClient();
  const revision = usePeerRevision();
  const load = useCallback(() => client.call('sync.peers', {}), [client]);
  return useLiveQuery(load, revision);
}

/** Where a replica comes from, for the "From <organisation>" badges outside Partners. */
export interface ReplicaOrigin {
  organisation: string;
  /** When the peer issued the snapshot its replicas are as of; null before any import. */
  asOf: string | null;
  stale: boolean;
}

/**
 * Peers by node id, for marking replicas elsewhere (catalog, dataset page). Empty while
 * loading or when peers cannot be read: a replica then reads "From another node".
 */
export function usePeerDirectory(): ReadonlyMap<string, ReplicaOrigin> {
  const peers = usePeers().value;
  return useMemo(
    () =>
      new Map(
        (peers ?? []).map((peer) => [
          peer.nodeId,
          {
            organisation: peer.organisation,
            asOf: peer.lastReceived?.issuedAt ?? null,
            stale: peer.stale,
          },
        ]),
      ),
    [peers],
  );
}

/** The governing charter's partner tiers, for the relationship forms. */
export function useTierOptions(): TierOption[] {
  const [state] = useGoverningCharter();
  const charter = charterOf(state);
  return useMemo(
    () => charter?.content.partnerTiers.map((tier) => ({ id: tier.id, name: tier.name })) ?? [],
    [charter],
  );
}
