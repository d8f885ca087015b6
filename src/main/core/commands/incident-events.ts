import type { IncidentSeverity, IncidentSubject } from '../../../shared/domain/incident';

/** Who took an incident's step, and when; `by` is the member acting on this node. */
interface IncidentStamp {
  /** The incident's id. */
  id: string;
  by: string;
  at: string;
}

/**
 * Incidents and escalations (issue 5, item 6). Suspending or revoking grants because of an
 * incident is not an incident event: those are grant events whose `source` names the incident.
 */
export type IncidentEvent =
  | {
      type: 'incident.recorded';
      payload: IncidentStamp & {
        ownerNode: string;
        title: string;
        description: string;
        severity: IncidentSeverity;
        subject: IncidentSubject;
        reporter: string;
      };
    }
  | {
      type: 'incident.escalated';
      /** `severity` is the severity from now on (the same, or higher). */
      payload: IncidentStamp & { to: string; note: string; severity: IncidentSeverity };
    }
  | { type: 'incident.resolved'; payload: IncidentStamp & { resolution: string } };
