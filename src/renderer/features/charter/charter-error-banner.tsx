import type { InputIssue } from '../../../shared/errors';
import type { RpcError } from '../../api/client';
import { RefusalBanner } from '../../ui/banner';

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
  issues,
  onReload,
  onDismiss,
}: CharterErrorBannerProps) {
  return (
    <RefusalBanner
      title={titleFor(error, action)}
      error={error}
      issues={issues}
      onReload={onReload}
      onDismiss={onDismiss}
    />
  );
}
