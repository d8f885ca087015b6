import type { ReactNode } from 'react';
import { AlertIcon } from './icons';

interface BannerProps {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  tone?: 'danger' | 'warning' | 'info';
}

/** A message about the whole screen or form, announced when it appears. */
export function Banner({ title, children, action, tone = 'danger' }: BannerProps) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'info' ? 'status' : 'alert'}>
      <AlertIcon />
      <div className="banner-body">
        <p className="banner-title">{title}</p>
        {children ? <div className="banner-text">{children}</div> : null}
      </div>
      {action ? <div className="banner-action">{action}</div> : null}
    </div>
  );
}

/** A failed load, in words with its stable code, and a Retry that asks again. */
export function LoadErrorBanner({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: { message: string; code: string };
  onRetry: () => void;
}) {
  return (
    <Banner
      title={title}
      action={
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      }
    >
      {error.message} <code className="error-code">{error.code}</code>
    </Banner>
  );
}
