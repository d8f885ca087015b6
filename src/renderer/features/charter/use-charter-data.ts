import { useCallback, useReducer } from 'react';
import { useAppEvent, useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import type { CharterActor } from './charter-permissions';
import { useLiveQuery } from './use-live-query';

/**
 * The charter overview, fetched again whenever main reports a change to the charter or to the
 * members (a new lead changes who may approve), and who is acting. The acting member comes
 * from the workspace status, which the app header shows and the "acting as" switch updates,
 * so this screen never disagrees with it.
 */
export function useCharterData() {
  const client = useClient();
  const { status } = useWorkspace();
  const [refreshKey, refresh] = useReducer((current: number) => current + 1, 0);
  useAppEvent((event) => {
    if (event.name !== 'workspace.changed') return;
    const { entity } = event.payload;
    if (entity === 'charter' || entity === 'member' || entity === 'workspace') refresh();
  });
  const overview = useLiveQuery(
    useCallback(() => client.call('charter.overview', {}), [client]),
    refreshKey,
  );
  const actor: CharterActor = { name: status.actor.name, roles: status.actor.roles };
  return { overview, actor, workspaceReadOnly: status.readOnly, refreshKey, refresh };
}
