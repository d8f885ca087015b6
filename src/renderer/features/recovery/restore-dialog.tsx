import type { BackupSummary } from '../../../shared/contract/backup-channels';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { formatDateTime, pluralise } from '../../ui/format';

/** The question before a restore: what the workspace will hold, and where the current files go. */
export function RestoreDialog({
  backup,
  replacesOpenWorkspace,
  onConfirm,
  onCancel,
}: {
  backup: BackupSummary;
  /** A workspace is open: everything recorded since the backup is rolled back. */
  replacesOpenWorkspace: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const entries =
    backup.ledgerSize === null
      ? 'its ledger'
      : pluralise(backup.ledgerSize, 'ledger entry', 'ledger entries');
  const message = replacesOpenWorkspace
    ? `The workspace goes back to the backup taken ${formatDateTime(backup.createdAt)} (${entries}): anything recorded since then is no longer in it. The current files are moved aside beside the workspace, not deleted. Peers that received later snapshots will see this node's ledger go back.`
    : `The workspace is replaced by the backup taken ${formatDateTime(backup.createdAt)} (${entries}). It is checked again first, and the restored workspace is verified before it opens.`;
  return (
    <ConfirmDialog
      title="Restore this backup?"
      message={message}
      confirmLabel="Restore"
      cancelLabel="Cancel"
      tone="danger"
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
