import { useState } from 'react';
import { createHashRouter, RouterProvider } from 'react-router';
import { ToastProvider } from '../ui/toast';
import { appRoutes } from './routes';
import { WorkspaceGate } from './workspace-gate';

function MainWindow() {
  // Created once, after the workspace is open: a hash router, because the app is served from
  // app:// in Electron and from a loopback server in browser mode, neither with URL rewriting.
  const [router] = useState(() => createHashRouter(appRoutes));
  return <RouterProvider router={router} />;
}

export function App() {
  return (
    <ToastProvider>
      <WorkspaceGate>
        <MainWindow />
      </WorkspaceGate>
    </ToastProvider>
  );
}
