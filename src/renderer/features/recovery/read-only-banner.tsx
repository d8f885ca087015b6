import { useWorkspace } from '../../app/workspace-context';
import { Banner } from '../../ui/banner';
import './recovery.css';

/** Why a control that changes records is disabled while the workspace is read-only. */
export const readOnlyWorkspaceText = 'This workspace is open read-only, so nothing can change.';

/**
 * Above every screen while the workspace is read-only: everything can be read, verified and
 * exported, nothing can change (main refuses it too), and the controls that change records are
 * disabled.
 */
export function ReadOnlyBanner() {
  const { status } = useWorkspace();
  if (!status.readOnly) return null;
  return (
    <div className="read-only-banner" data-testid="read-only-banner">
      <Banner tone="warning" title="This workspace is open read-only">
        {status.readOnlyReason === 'storage'
          ? 'Its file or folder cannot be written (file permissions, or a read-only disk or share), so nothing can be changed. You can still read, verify and export it. Make it writable, or copy it to writable storage, and open it again to make changes.'
          : 'It was opened read-only, so nothing can be changed. You can still read, verify and export it.'}
      </Banner>
    </div>
  );
}
