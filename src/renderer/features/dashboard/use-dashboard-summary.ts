import { useCallback, useReducer } from 'react';
import { useAppEvent, useClient } from '../../api/client-context';
import { useLiveQuery } from '../charter/use-live-query';

/**
 * The dashboard's figures, fetched again whenever main reports any change: grants, reviews,
 * incidents, the catalog and the charter all feed it. Main keeps the summary until the ledger
 * grows, so a refetch that follows nothing new costs nothing there.
 */
export function useDashboardSummary() {
  const client = useClient();
  const [refreshKey, refresh] = useReducer((current: number) => current + 1, 0);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed') refresh();
  });
  return useLiveQuery(
    useCallback(() => client.call('dashboard.summary', {}), [client]),
    refreshKey,
  );
}
