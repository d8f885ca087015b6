import type { InputIssue } from '../../../shared/errors';
import type { RpcError } from '../../api/client';
import { RefusalBanner } from '../../ui/banner';

function titleFor(error: RpcError): string {
  switch (error.code) {
    case 'INVALID_INPUT':
      return 'Some fields need attention';
    case 'DUPLICATE':
      return 'This dataset already exists';
    case 'CONFLICT':
      return 'This dataset was changed since you opened it';
    case 'CHARTER_VIOLATION':
      return 'This dataset breaks the governing charter';
    case 'CHARTER_NOT_PUBLISHED':
      return 'No charter is published yet';
    case 'FORBIDDEN_ROLE':
      return 'Your roles do not allow this change';
    case 'WORKSPACE_READ_ONLY':
      return 'This workspace is read-only';
    default:
      return 'The dataset was not saved';
  }
}

interface SaveErrorBannerProps {
  error: RpcError;
  /** Issues no field could show. */
  issues: readonly InputIssue[];
  onReload?: (() => void) | undefined;
}

export function SaveErrorBanner({ error, issues, onReload }: SaveErrorBannerProps) {
  return (
    <RefusalBanner title={titleFor(error)} error={error} issues={issues} onReload={onReload} />
  );
}
