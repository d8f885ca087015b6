import { useCallback, useEffect, useState } from 'react';
import { toRpcError, type RpcError } from '../../api/client';

export interface LiveQuery<T> {
  /** The last answer for this `load`, kept while a refresh runs and when a refresh fails. */
  value: T | null;
  /** The last failure for this `load`, until a later attempt succeeds. */
  error: RpcError | null;
  retry: () => void;
}

interface Settled<T> {
  load: () => Promise<T>;
  value: T | null;
  error: RpcError | null;
}

/**
 * Runs `load` (keep it stable with useCallback) and again whenever `refreshKey` changes, without
 * dropping what is on screen: an editor under a refreshing query must not unmount. A new `load`
 * (other arguments) starts empty, so an answer never shows under the wrong question.
 */
export function useLiveQuery<T>(load: () => Promise<T>, refreshKey: number): LiveQuery<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    load().then(
      (value) => {
        if (active) setSettled({ load, value, error: null });
      },
      (caught: unknown) => {
        if (!active) return;
        const error = toRpcError(caught);
        setSettled((current) => ({
          load,
          value: current?.load === load ? current.value : null,
          error,
        }));
      },
    );
    return () => {
      active = false;
    };
  }, [load, refreshKey, attempt]);

  const retry = useCallback(() => {
    setAttempt((current) => current + 1);
  }, []);

  const current = settled?.load === load ? settled : null;
  return { value: current?.value ?? null, error: current?.error ?? null, retry };
}
