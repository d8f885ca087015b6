import { Link } from 'react-router';
import type { CharterVersionSummary } from '../../../shared/domain/charter-version';
import { formatDateTime } from '../../ui/format';
import { CharterStatusBadge } from './charter-status-badge';

/** The latest thing that happened to a version, for its line in the history. */
function lastEvent(version: CharterVersionSummary): { label: string; at: string } {
  if (version.supersededAt) return { label: 'Superseded', at: version.supersededAt };
  if (version.published)
    return { label: `Published by ${version.published.by}`, at: version.published.at };
  if (version.approved)
    return { label: `Approved by ${version.approved.by}`, at: version.approved.at };
  if (version.submitted) {
    return { label: `Submitted by ${version.submitted.by}`, at: version.submitted.at };
  }
  if (version.returned)
    return { label: `Returned by ${version.returned.by}`, at: version.returned.at };
  return { label: `Created by ${version.created.by}`, at: version.created.at };
}

interface VersionHistoryProps {
  versions: readonly CharterVersionSummary[];
  selected: number | null;
}

/** Every version, newest first; choosing one shows it (read-only unless it is the draft). */
export function VersionHistory({ versions, selected }: VersionHistoryProps) {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <nav className="charter-history" aria-labelledby="charter-history-title">
      <h2 id="charter-history-title" className="charter-aside-title">
        Version history
      </h2>
      <ol className="charter-history-list">
        {sorted.map((version) => {
          const event = lastEvent(version);
          return (
            <li key={version.version}>
              <Link
                className="charter-history-link"
                to={`/charter?version=${String(version.version)}`}
                aria-current={version.version === selected ? 'page' : undefined}
                data-testid="charter-history-item"
              >
                <span className="charter-history-top">
                  <span className="charter-history-version">Version {version.version}</span>
                  <CharterStatusBadge status={version.status} />
                </span>
                <span className="charter-history-meta">
                  {event.label} · <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
