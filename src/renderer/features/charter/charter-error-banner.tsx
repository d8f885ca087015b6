import type { InputIssue } from '../../../shared/errors';
import type { RpcError } from '../../api/client';
import { Banner } from '../../ui/banner';

function titleFor(error: RpcError, action: string): string {
  switch (error.code) {
    case 'CONFLICT':
      return 'This version changed since you loaded it';
    case 'FORBIDDEN_ROLE':
      return 'Your roles do not allow this';
    case 'CHARTER_LOCKED':
      return 'This version can no longer change';
    case 'INVALID_INPUT':
      return 'Some fields need attention';
    case 'WORKSPACE_READ_ONLY':
      return 'This workspace is read-only';
    case 'NOT_FOUND':
      return 'This version no longer exists';
    default:
      return `Could not ${action}`;
  }
}

interface CharterErrorBannerProps {
  error: RpcError;
  /** What was attempted, for the generic title: "save the draft". */
  action: string;
  /** Issues no field could show. */
  issues?: readonly InputIssue[];
  onReload?: (() => void) | undefined;
  onDismiss: () => void;
}

/** A refused save or lifecycle step, with the server's message and its stable code. */
export function CharterErrorBanner({
  error,
  action,
  issues = [],
  onReload,
  onDismiss,
}: CharterErrorBannerProps) {
  return (
    <Banner
      title={titleFor(error, action)}
      action={
        <>
          {error.code === 'CONFLICT' && onReload ? (
            <button type="button" className="button" onClick={onReload}>
              Load the latest version
            </button>
          ) : null}
          <button type="button" className="button button-ghost" onClick={onDismiss}>
            Dismiss
          </button>
        </>
      }
    >
      <p>
        {error.message} <code className="error-code">{error.code}</code>
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
