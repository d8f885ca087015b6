import { useRef } from 'react';
import { Outlet } from 'react-router';
import { ReadOnlyBanner } from '../features/recovery/read-only-banner';
import { AppHeader } from './app-header';
import { Sidebar } from './sidebar';
import './app-shell.css';

export function AppLayout() {
  const mainRef = useRef<HTMLElement>(null);
  return (
    <div className="app-shell">
      {/* A button, not an in-page link: the hash belongs to the router. */}
      <button
        type="button"
        className="skip-link"
        onClick={() => {
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </button>
      <Sidebar />
      <div className="app-column">
        <AppHeader />
        <ReadOnlyBanner />
        <main ref={mainRef} className="app-content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
