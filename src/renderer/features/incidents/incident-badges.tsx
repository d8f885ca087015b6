import {
  type IncidentSeverity,
  incidentSeverityLabels,
  type IncidentStatus,
  incidentStatusLabels,
} from '../../../shared/domain/incident';
import { Badge, type BadgeTone } from '../../ui/badge';

const severityTones: Record<IncidentSeverity, BadgeTone> = {
  low: 'neutral',
  medium: 'blue',
  high: 'amber',
  critical: 'red',
};

export function SeverityBadge({ value }: { value: IncidentSeverity }) {
  return (
    <Badge tone={severityTones[value]}>
      <span className="badge-dot" aria-hidden="true" />
      {incidentSeverityLabels[value]}
    </Badge>
  );
}

const statusTones: Record<IncidentStatus, BadgeTone> = {
  open: 'accent',
  escalated: 'violet',
  resolved: 'green',
};

export function IncidentStatusBadge({ value }: { value: IncidentStatus }) {
  return <Badge tone={statusTones[value]}>{incidentStatusLabels[value]}</Badge>;
}
