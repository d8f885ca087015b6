import type { BackupReason, BackupSummary } from '../../../shared/contract/backup-channels';
import { Badge } from '../../ui/badge';
import { formatCount, formatDateTime } from '../../ui/format';
import './recovery.css';

const reasonLabels: Record<BackupReason, string> = {
  scheduled: 'Scheduled',
  manual: 'Taken by hand',
  'pre-migration': 'Before an upgrade',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatCount(Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function BackupState({ backup }: { backup: BackupSummary }) {
  if (backup.verified) return <Badge tone="green">Verified</Badge>;
  if (backup.problem === null) return <Badge tone="amber">Not verified yet</Badge>;
  return (
    <span title={backup.problem}>
      <Badge tone="red">Failed its check</Badge>
    </span>
  );
}

interface BackupTableProps {
  backups: readonly BackupSummary[];
  /** Why restoring is not possible here (role, read-only); null when it is. */
  restoreBlockedBy: string | null;
  onRestore: (backup: BackupSummary) => void;
  /** The backup being restored, whose button shows it. */
  restoring: string | null;
}

/**
 * Backups, newest first. Only a verified backup can be restored: one not verified yet is
 * checked by the next scheduled look, one that failed its check never counts.
 */
export function BackupTable({ backups, restoreBlockedBy, onRestore, restoring }: BackupTableProps) {
  const latestVerified = backups.find((backup) => backup.verified)?.id;
  return (
    <table className="backups-table" data-testid="backups-table">
      <thead>
        <tr>
          <th scope="col">Taken</th>
          <th scope="col">Why</th>
          <th scope="col">Ledger entries</th>
          <th scope="col">Size</th>
          <th scope="col">State</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {backups.map((backup) => (
          <tr key={backup.id} data-testid={`backup-${backup.id}`}>
            <td>
              {formatDateTime(backup.createdAt)}
              {backup.id === latestVerified ? (
                <>
                  {' '}
                  <Badge tone="accent">Latest verified</Badge>
                </>
              ) : null}
            </td>
            <td>{reasonLabels[backup.reason]}</td>
            <td className="numeric">
              {backup.ledgerSize === null ? '—' : formatCount(backup.ledgerSize)}
            </td>
            <td className="numeric">{formatBytes(backup.bytes)}</td>
            <td>
              <BackupState backup={backup} />
            </td>
            <td>
              {backup.verified ? (
                <button
                  type="button"
                  className="button"
                  disabled={restoreBlockedBy !== null || restoring !== null}
                  title={restoreBlockedBy ?? undefined}
                  aria-label={`Restore the backup taken ${formatDateTime(backup.createdAt)}`}
                  onClick={() => {
                    onRestore(backup);
                  }}
                >
                  {restoring === backup.id ? 'Restoring…' : 'Restore…'}
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
