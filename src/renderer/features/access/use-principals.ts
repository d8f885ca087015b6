import { useCallback, useState } from 'react';
import { useAppEvent, useClient } from '../../api/client-context';
import { useLoader } from '../../ui/use-loader';

/** This node's principals, reloaded when access changes. */
export function usePrincipals() {
  const client = useClient();
  const [revision, setRevision] = useState(0);
  const load = useCallback(
    () => client.call('access.principals', {}),
    // `revision` reloads on change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, revision],
  );
  const [state, reload] = useLoader(load);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed' && event.payload.entity === 'access') {
      setRevision((current) => current + 1);
    }
  });
  return [state, reload] as const;
}
