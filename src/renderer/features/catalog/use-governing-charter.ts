import { useCallback, useEffect, useState } from 'react';
import type { CharterVersion } from '../../../shared/domain/charter-version';
import { toRpcError, type RpcError } from '../../api/client';
import { useAppEvent, useClient } from '../../api/client-context';

export type GoverningCharter =
  | { status: 'loading' }
  | { status: 'failed'; error: RpcError }
  /** `charter` is null until a first version is published. */
  | { status: 'ready'; charter: CharterVersion | null };

/**
 * The published charter whose categories and rules govern the catalog. Reloaded when main
 * reports a charter change; a reload keeps the last version on screen until the new one lands.
 */
export function useGoverningCharter(): [GoverningCharter, () => void] {
  const client = useClient();
  const [state, setState] = useState<GoverningCharter>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    client.call('charter.governing', {}).then(
      ({ charter }) => {
        if (active) setState({ status: 'ready', charter });
      },
      (error: unknown) => {
        // A failed refresh keeps the charter already shown; only a first load shows the error.
        if (active)
          setState((current) =>
            current.status === 'ready' ? current : { status: 'failed', error: toRpcError(error) },
          );
      },
    );
    return () => {
      active = false;
    };
  }, [client, attempt]);

  const reload = useCallback(() => {
    setAttempt((current) => current + 1);
  }, []);

  useAppEvent((event) => {
    if (event.name === 'workspace.changed' && event.payload.entity === 'charter') reload();
  });

  return [state, reload];
}

/** The governing charter once known, else null (still loading, failed, or none published). */
export function charterOf(state: GoverningCharter): CharterVersion | null {
  return state.status === 'ready' ? state.charter : null;
}
