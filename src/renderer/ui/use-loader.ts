import { useCallback, useEffect, useState } from 'react';
import { toRpcError, type RpcError } from '../api/client';

export type LoadState<T> =
  { status: 'loading' } | { status: 'failed'; error: RpcError } | { status: 'ready'; value: T };

interface Settled<T> {
  load: () => Promise<T>;
  attempt: number;
  state: LoadState<T>;
}

const loading = { status: 'loading' } as const;

/**
 * Runs `load` (keep it stable with useCallback) and tracks its outcome; `reload` runs it
 * again. An answer that belongs to an older `load` or attempt reads as still loading.
 */
export function useLoader<T>(load: () => Promise<T>): [LoadState<T>, () => void] {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    let active = true;
    load().then(
      (value) => {
        if (active) setSettled({ load, attempt, state: { status: 'ready', value } });
      },
      (error: unknown) => {
        if (active)
          setSettled({ load, attempt, state: { status: 'failed', error: toRpcError(error) } });
      },
    );
    return () => {
      active = false;
    };
  }, [load, attempt]);

  const reload = useCallback(() => {
    setAttempt((current) => current + 1);
  }, []);

  const current = settled?.load === load && settled.attempt === attempt ? settled.state : loading;
  return [current, reload];
}
