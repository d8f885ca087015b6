import type { RpcError } from '../api/client';
import { AlertIcon } from '../ui/icons';
import { Spinner } from '../ui/spinner';
import { BrandMark } from './brand-mark';

export function LoadingScreen({ label }: { label: string }) {
  return (
    <main className="status-screen">
      <BrandMark />
      <Spinner label={label} />
    </main>
  );
}

/** Shown when the workspace cannot be opened; the code is what support and the docs key on. */
export function ErrorScreen({ error, onRetry }: { error: RpcError; onRetry: () => void }) {
  return (
    <main className="status-screen">
      <div className="status-card" role="alert">
        <div className="status-card-icon">
          <AlertIcon />
        </div>
        <h1 className="status-card-title">Concordat cannot open the workspace</h1>
        <p className="status-card-message">{error.message}</p>
        <p className="status-card-code">
          Error code <code>{error.code}</code>
        </p>
        <button type="button" className="button button-primary" onClick={onRetry}>
          Retry
        </button>
      </div>
    </main>
  );
}
