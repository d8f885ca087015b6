import {
  addPrincipal,
  approveGrant,
  requestGrant,
  updatePrincipal,
} from '../access/access-commands';
import { accessMatrix } from '../access/access-matrix-query';
import { grantDetail } from '../access/grant-history';
import { narrowGrant, reinstateGrant, revokeGrant, suspendGrant } from '../access/grant-steps';
import { explainGrant, listPrincipals } from '../access/access-queries';
import { listGrantPage } from '../access/grant-page-query';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

export function accessHandlers(session: WorkspaceSession): HandlersFor<'access'> {
  /** Runs an access command and tells the renderer which principal or grant changed. */
  const step = <T extends { id: string }>(command: () => T): T => {
    const result = command();
    session.emit({ name: 'workspace.changed', payload: { entity: 'access', ids: [result.id] } });
    return result;
  };
  return {
    'access.principals': () => listPrincipals(session.require()),
    'access.addPrincipal': (fields) => step(() => addPrincipal(session.require(), fields)),
    'access.updatePrincipal': (change) => step(() => updatePrincipal(session.require(), change)),
    'access.grants': (query) => listGrantPage(session.require(), query),
    'access.explain': (request) => explainGrant(session.require(), request),
    'access.requestGrant': (request) => step(() => requestGrant(session.require(), request)),
    'access.approveGrant': (input) => step(() => approveGrant(session.require(), input)),
    'access.revokeGrant': (input) => step(() => revokeGrant(session.require(), input)),
    'access.suspendGrant': (input) => step(() => suspendGrant(session.require(), input)),
    'access.reinstateGrant': (input) => step(() => reinstateGrant(session.require(), input)),
    'access.narrowGrant': (input) => step(() => narrowGrant(session.require(), input)),
    'access.grant': ({ id }) => grantDetail(session.require(), id),
    'access.matrix': (query) => accessMatrix(session.require(), query),
  };
}
