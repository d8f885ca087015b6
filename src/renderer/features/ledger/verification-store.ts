import { useSyncExternalStore } from 'react';
import type { VerificationOutcome } from '../../../shared/domain/ledger';
import { toRpcError, type Client, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';

export type VerificationState =
  | { status: 'idle' }
  | {
      status: 'running';
      taskId: string;
      deep: boolean;
      label: string;
      done: number;
      total: number;
      cancelling: boolean;
    }
  | { status: 'done'; outcome: VerificationOutcome }
  | { status: 'cancelled' }
  | { status: 'failed'; error: RpcError };

function newTaskId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `verify-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The ledger verification of one app session. It lives outside the screen, so leaving the
 * Ledger screen neither stops a run nor loses its result; progress arrives as `task.progress`
 * events for this run's task id.
 */
export class VerificationStore {
  private state: VerificationState = { status: 'idle' };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: Client) {
    client.onEvent((event) => {
      const current = this.state;
      if (
        event.name === 'task.progress' &&
        current.status === 'running' &&
        event.payload.taskId === current.taskId
      ) {
        const { label, done, total } = event.payload;
        this.set({ ...current, label, done, total });
      }
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getState = (): VerificationState => this.state;

  readonly start = (deep: boolean): void => {
    if (this.state.status === 'running') return;
    const taskId = newTaskId();
    this.set({
      status: 'running',
      taskId,
      deep,
      label: 'Starting',
      done: 0,
      total: 0,
      cancelling: false,
    });
    this.client.call('ledger.verify', { taskId, deep }).then(
      (outcome) => {
        if (this.isRunning(taskId)) this.set({ status: 'done', outcome });
      },
      (error: unknown) => {
        if (!this.isRunning(taskId)) return;
        const rpcError = toRpcError(error);
        this.set(
          rpcError.code === 'CANCELLED'
            ? { status: 'cancelled' }
            : { status: 'failed', error: rpcError },
        );
      },
    );
  };

  readonly cancel = (): void => {
    const current = this.state;
    if (current.status !== 'running' || current.cancelling) return;
    this.set({ ...current, cancelling: true });
    this.client.call('task.cancel', { taskId: current.taskId }).catch(() => {
      // The run's own answer (finished or cancelled) still settles the state.
    });
  };

  readonly reset = (): void => {
    if (this.state.status !== 'running') this.set({ status: 'idle' });
  };

  private isRunning(taskId: string): boolean {
    return this.state.status === 'running' && this.state.taskId === taskId;
  }

  private set(state: VerificationState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }
}

const stores = new WeakMap<Client, VerificationStore>();

function storeFor(client: Client): VerificationStore {
  let store = stores.get(client);
  if (!store) {
    store = new VerificationStore(client);
    stores.set(client, store);
  }
  return store;
}

export function useVerification(): { state: VerificationState; store: VerificationStore } {
  const store = storeFor(useClient());
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return { state, store };
}
