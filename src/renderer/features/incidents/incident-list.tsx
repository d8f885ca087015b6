import { type IncidentRecord, incidentSubjectKindLabels } from '../../../shared/domain/incident';
import { formatRelative } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { IncidentStatusBadge, SeverityBadge } from './incident-badges';

interface IncidentListProps {
  rows: readonly IncidentRecord[];
  selectedId: string | null;
  onOpen: (id: string) => void;
}

/**
 * Incidents as main orders them (unresolved, most severe, newest first). Few enough to list
 * whole; each title is a button, so Tab and Enter open one.
 */
export function IncidentList({ rows, selectedId, onOpen }: IncidentListProps) {
  const now = useNow();
  return (
    <table className="incident-table" data-testid="incident-table">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Incident</th>
          <th scope="col">Status</th>
          <th scope="col">Reported by</th>
          <th scope="col">Recorded</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((incident) => (
          <tr
            key={incident.id}
            data-testid="incident-row"
            data-incident={incident.id}
            aria-current={incident.id === selectedId ? true : undefined}
            className={incident.id === selectedId ? 'incident-row-selected' : undefined}
          >
            <td>
              <SeverityBadge value={incident.severity} />
            </td>
            <td>
              <button
                type="button"
                className="incident-open"
                onClick={() => {
                  onOpen(incident.id);
                }}
              >
                {incident.title}
              </button>
              <div className="cell-muted incident-subject">
                {incidentSubjectKindLabels[incident.subject.kind]}: {incident.subjectLabel}
              </div>
            </td>
            <td>
              <IncidentStatusBadge value={incident.status} />
            </td>
            <td>{incident.reporter}</td>
            <td>
              <time dateTime={incident.recorded.at}>
                {formatRelative(incident.recorded.at, now)}
              </time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
