import { addMember, updateMember } from '../members/member-commands';
import { listMembers } from '../members/member-queries';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

export function memberHandlers(session: WorkspaceSession): HandlersFor<'members'> {
  const changed = (ids: string[]) => {
    session.emit({ name: 'workspace.changed', payload: { entity: 'member', ids } });
  };
  return {
    'members.list': () => listMembers(session.require()),
    'members.add': (member) => {
      const added = addMember(session.require(), member);
      changed([added.id]);
      return added;
    },
    'members.update': (change) => {
      const updated = updateMember(session.require(), change);
      changed([updated.id]);
      return updated;
    },
    'members.actAs': ({ id }) => {
      const ws = session.require();
      ws.actAs(id);
      changed([id]);
      return listMembers(ws);
    },
  };
}
