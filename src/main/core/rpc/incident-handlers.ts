import {
  actOnIncidentGrants,
  escalateIncident,
  recordIncident,
  resolveIncident,
} from '../incidents/incident-commands';
import { incidentDetail, listIncidents } from '../incidents/incident-queries';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

export function incidentHandlers(session: WorkspaceSession): HandlersFor<'incidents'> {
  /** Runs an incident command and tells the renderer which incident changed. */
  const step = <T extends { id: string }>(command: () => T): T => {
    const result = command();
    session.emit({ name: 'workspace.changed', payload: { entity: 'incident', ids: [result.id] } });
    return result;
  };
  return {
    'incidents.list': (query) => listIncidents(session.require(), query),
    'incidents.get': ({ id }) => incidentDetail(session.require(), id),
    'incidents.record': (draft) => step(() => recordIncident(session.require(), draft)),
    'incidents.escalate': (input) => step(() => escalateIncident(session.require(), input)),
    'incidents.resolve': (input) => step(() => resolveIncident(session.require(), input)),
    'incidents.actOnGrants': (input) => {
      const result = actOnIncidentGrants(session.require(), input);
      // The grants changed, and the incident's detail lists what it did to them.
      const ids = result.grants.map((grant) => grant.id);
      session.emit({ name: 'workspace.changed', payload: { entity: 'access', ids } });
      session.emit({
        name: 'workspace.changed',
        payload: { entity: 'incident', ids: [input.incidentId] },
      });
      return result;
    },
  };
}
