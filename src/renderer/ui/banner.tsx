import type { ReactNode } from 'react';
import type { InputIssue } from '../../shared/errors';
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

interface ErrorLike {
  message: string;
  code: string;
}

/** An error in words, followed by its stable code. */
export function ErrorText({ error }: { error: ErrorLike }) {
  return (
    <>
      {error.message} <code className="error-code">{error.code}</code>
    </>
  );
}

/** A failed load, in words with its stable code, and a Retry that asks again. */
export function LoadErrorBanner({
  title,
  error,
  onRetry,
  tone,
}: {
  title: string;
  error: ErrorLike;
  onRetry: () => void;
  /** `warning` where what is shown still holds, only not the latest of it. */
  tone?: 'danger' | 'warning';
}) {
  return (
    <Banner
      title={title}
      tone={tone}
      action={
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      }
    >
      <ErrorText error={error} />
    </Banner>
  );
}

interface RefusalBannerProps {
  title: string;
  error: ErrorLike;
  /** Issues no field could show. */
  issues?: readonly InputIssue[];
  /** Offered when the refusal is a conflict: loads what changed meanwhile. */
  onReload?: (() => void) | undefined;
  onDismiss?: () => void;
}

/** A refused change, with the server's message, its stable code and the issues left over. */
export function RefusalBanner({
  title,
  error,
  issues = [],
  onReload,
  onDismiss,
}: RefusalBannerProps) {
  const reload =
    error.code === 'CONFLICT' && onReload ? (
      <button type="button" className="button" onClick={onReload}>
        Load the latest version
      </button>
    ) : null;
  const dismiss = onDismiss ? (
    <button type="button" className="button button-ghost" onClick={onDismiss}>
      Dismiss
    </button>
  ) : null;
  return (
    <Banner
      title={title}
      action={
        reload || dismiss ? (
          <>
            {reload}
            {dismiss}
          </>
        ) : null
      }
    >
      <p>
        <ErrorText error={error} />
      </p>
      {issues.length > 0 ? (
        <ul className="banner-issues">
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Banner>
  );
}
