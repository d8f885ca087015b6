import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createClient } from '../api/client';
import { ClientProvider } from '../api/client-context';
import type { Transport } from '../api/transport';
import { appRoutes } from '../app/routes';
import { WorkspaceGate } from '../app/workspace-gate';
import { ToastProvider } from '../ui/toast';

/** Renders `ui` with a client over `transport` and the toast host, as main.tsx does. */
export function renderWithClient(ui: ReactElement, transport: Transport): RenderResult {
  return render(
    <ClientProvider client={createClient(transport)}>
      <ToastProvider>{ui}</ToastProvider>
    </ClientProvider>,
  );
}

/** The whole app at `path`, with a memory router instead of the hash router. */
export function renderApp(path: string, transport: Transport) {
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
  const result = renderWithClient(
    <WorkspaceGate>
      <RouterProvider router={router} />
    </WorkspaceGate>,
    transport,
  );
  return { ...result, router };
}
