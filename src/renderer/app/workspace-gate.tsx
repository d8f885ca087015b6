import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/workspace';
import { toRpcError, type RpcError } from '../api/client';
import { useAppEvent, useClient } from '../api/client-context';
import { RecoveryScreen } from '../features/recovery/recovery-screen';
import { SetupScreen } from '../features/setup/setup-screen';
import { singleFlight } from '../ui/single-flight';
import { ErrorScreen, LoadingScreen } from './status-screens';
import { WorkspaceContext } from './workspace-context';

type GateState =
  | { kind: 'loading' }
  | { kind: 'failed'; error: RpcError }
  | { kind: 'ready'; status: WorkspaceStatus };

/**
 * Decides what the window shows: the first-start setup when there is no workspace, the
 * recovery screen when its file cannot be opened (damaged, newer, not a workspace), an error
 * with Retry when main cannot answer, and `children` (the main window) once it is open.
 */
export function WorkspaceGate({ children }: { children: ReactNode }) {
  const client = useClient();
  const [state, setState] = useState<GateState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  /** In recovery, the operator chose a new, empty workspace over a backup. */
  const [startingFresh, setStartingFresh] = useState(false);

  useEffect(() => {
    let active = true;
    client.call('workspace.status', {}).then(
      (status) => {
        if (active) setState({ kind: 'ready', status });
      },
      (error: unknown) => {
        if (active) setState({ kind: 'failed', error: toRpcError(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [client, attempt]);

  // At most one status request in flight: a burst of changes costs two requests, not one each.
  const refresh = useMemo(
    () =>
      singleFlight(async () => {
        const status = await client.call('workspace.status', {});
        setState({ kind: 'ready', status });
        // A failure keeps the last good status on screen; the next change tries again.
      }),
    [client],
  );

  useAppEvent((event) => {
    if (event.name === 'workspace.changed' && state.kind === 'ready') refresh();
  });

  const status = state.kind === 'ready' ? state.status : null;
  const context = useMemo(
    () => (status?.state === 'open' ? { status, refresh } : null),
    [status, refresh],
  );

  const retry = () => {
    setState({ kind: 'loading' });
    setAttempt((current) => current + 1);
  };
  if (state.kind === 'loading') return <LoadingScreen label="Opening workspace…" />;
  if (state.kind === 'failed') {
    return <ErrorScreen error={state.error} onRetry={retry} />;
  }
  if (state.status.state === 'recovery' && !startingFresh) {
    return (
      <RecoveryScreen
        status={state.status}
        onRecovered={(recovered) => {
          setState({ kind: 'ready', status: recovered });
        }}
        onRetry={retry}
        onStartFresh={() => {
          setStartingFresh(true);
        }}
      />
    );
  }
  if (context === null) {
    return (
      <SetupScreen
        path={state.status.path}
        onCreated={(created) => {
          setStartingFresh(false);
          setState({ kind: 'ready', status: created });
        }}
      />
    );
  }
  return <WorkspaceContext value={context}>{children}</WorkspaceContext>;
}
