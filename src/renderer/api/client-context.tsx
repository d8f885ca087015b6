import { createContext, useContext, useEffect, useEffectEvent, type ReactNode } from 'react';
import type { AppEvent } from '../../shared/contract';
import type { Client } from './client';

const ClientContext = createContext<Client | null>(null);

export function ClientProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <ClientContext value={client}>{children}</ClientContext>;
}

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient() needs a <ClientProvider> above it.');
  return client;
}

/** Calls `listener` for every event main pushes, for as long as the component is mounted. */
export function useAppEvent(listener: (event: AppEvent) => void): void {
  const client = useClient();
  const onEvent = useEffectEvent(listener);
  useEffect(() => client.onEvent((event) => onEvent(event)), [client]);
}
