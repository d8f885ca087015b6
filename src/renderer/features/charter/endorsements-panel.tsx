import { useCallback, useReducer } from 'react';
import { Link } from 'react-router';
import type { EndorsementOverview } from '../../../shared/contract/sync-channels';
import { useAppEvent, useClient } from '../../api/client-context';
import { Badge } from '../../ui/badge';
import { LoadErrorBanner } from '../../ui/banner';
import { formatDateTime } from '../../ui/format';
import { useLiveQuery } from './use-live-query';

type Partner = EndorsementOverview['partners'][number];

/** Where a partner stands with the charter in force: current, an older version, or none. */
function Standing({ partner }: { partner: Partner }) {
  if (partner.endorsedVersion === null) return <Badge>Not endorsed yet</Badge>;
  const when = partner.endorsedAt ? `Endorsed on ${formatDateTime(partner.endorsedAt)}` : '';
  if (partner.current) {
    return (
      <span title={when}>
        <Badge tone="green">v{partner.endorsedVersion} · current</Badge>
      </span>
    );
  }
  return (
    <span title={when}>
      <Badge tone="amber">operates under v{partner.endorsedVersion}</Badge>
    </span>
  );
}

/**
 * For the governance lead: which partners countersigned which version of this node's charter,
 * as their snapshots brought the endorsements back. Refreshed when a snapshot arrives.
 */
export function EndorsementsPanel() {
  const client = useClient();
  const [revision, bump] = useReducer((current: number) => current + 1, 0);
  useAppEvent((event) => {
    if (event.name !== 'workspace.changed') return;
    const { entity } = event.payload;
    if (entity === 'peer' || entity === 'charter') bump();
  });
  const load = useCallback(() => client.call('sync.endorsements', {}), [client]);
  const query = useLiveQuery(load, revision);
  const overview = query.value;

  return (
    <section
      className="charter-endorsements"
      aria-labelledby="charter-endorsements-title"
      data-testid="charter-endorsements"
    >
      <h2 id="charter-endorsements-title" className="charter-aside-title">
        Endorsements
      </h2>
      {query.error ? (
        <LoadErrorBanner
          title="Endorsements could not be loaded"
          error={query.error}
          onRetry={query.retry}
        />
      ) : null}
      {overview === null ? null : overview.partners.length === 0 ? (
        <p className="charter-muted">
          No partners yet. Partners you pin on the <Link to="/partners">Partners</Link> screen
          endorse the published charter from their node; it comes back in their snapshots.
        </p>
      ) : (
        <ul className="charter-endorsement-list">
          {overview.partners.map((partner) => (
            <li key={partner.peer} data-testid="charter-endorsement">
              <Link to={`/partners/${encodeURIComponent(partner.peer)}`}>
                {partner.organisation}
              </Link>
              <Standing partner={partner} />
            </li>
          ))}
        </ul>
      )}
      {overview && overview.publishedVersion === null && overview.partners.length > 0 ? (
        <p className="charter-muted">No version is published yet, so there is none to endorse.</p>
      ) : null}
    </section>
  );
}
