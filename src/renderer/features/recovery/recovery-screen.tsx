import type { WorkspaceStatus } from '../../../shared/domain/workspace';
import { BrandMark } from '../../app/brand-mark';
import { Banner, ErrorText, LoadErrorBanner } from '../../ui/banner';
import { AlertIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { useDocumentTitle } from '../../ui/use-document-title';
import { BackupTable } from './backup-table';
import { RestoreDialog } from './restore-dialog';
import { useBackups } from './use-backups';
import './recovery.css';

export type RecoveryStatus = Extract<WorkspaceStatus, { state: 'recovery' }>;

interface RecoveryScreenProps {
  status: RecoveryStatus;
  /** A restore succeeded: the status of the restored workspace. */
  onRecovered: (status: WorkspaceStatus) => void;
  /** Look at the workspace again (after fixing permissions, updating, ...). */
  onRetry: () => void;
  /** Set up a new, empty workspace instead (offered once the damaged files are out of the way). */
  onStartFresh: () => void;
}

function advice(status: RecoveryStatus): string {
  switch (status.problem.code) {
    case 'WORKSPACE_TOO_NEW':
      return 'Update Concordat to open it as it is, or restore a backup this version can open (the newer file is then moved aside, not deleted).';
    case 'WORKSPACE_NOT_SQLITE':
    case 'WORKSPACE_NOT_CONCORDAT':
      return 'The file at this path is not a Concordat workspace. Restore a backup (the file is then moved aside, not deleted), or start Concordat with the right workspace.';
    default:
      return 'Restore the latest verified backup: it is checked again before it replaces anything, and the restored workspace is verified before it opens.';
  }
}

/**
 * Shown instead of the app when the workspace cannot be opened: what was found (with its
 * stable code), where the damaged files went, and the backups that can replace it.
 */
export function RecoveryScreen({
  status,
  onRecovered,
  onRetry,
  onStartFresh,
}: RecoveryScreenProps) {
  useDocumentTitle('Recovery');
  const { list, reload, confirming, setConfirming, restoring, restore, error } =
    useBackups(onRecovered);
  const backups = list.status === 'ready' ? list.value.backups : [];
  const hasVerified = backups.some((backup) => backup.verified);
  return (
    <main className="status-screen recovery-screen">
      <BrandMark />
      <section className="recovery-card" aria-labelledby="recovery-title">
        <div className="recovery-heading">
          <span className="status-card-icon">
            <AlertIcon />
          </span>
          <h1 id="recovery-title" className="status-card-title">
            Concordat cannot open this workspace
          </h1>
        </div>
        <p className="recovery-message" role="alert">
          {status.problem.message}
        </p>
        <p className="status-card-code">
          Error code <code>{status.problem.code}</code>
        </p>
        {status.movedAside.length > 0 ? (
          <div className="recovery-moved">
            <p>The damaged files were moved aside, not deleted:</p>
            <ul>
              {status.movedAside.map((file) => (
                <li key={file} className="mono break">
                  {file}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="recovery-advice">{advice(status)}</p>

        <h2 className="section-title">Backups</h2>
        {error ? (
          <Banner title="The backup was not restored">
            <ErrorText error={error} />
          </Banner>
        ) : null}
        {list.status === 'loading' ? <Spinner label="Looking for backups…" /> : null}
        {list.status === 'failed' ? (
          <LoadErrorBanner
            title="The backups could not be listed"
            error={list.error}
            onRetry={reload}
          />
        ) : null}
        {list.status === 'ready' && backups.length === 0 ? (
          <p className="recovery-none">
            There are no backups in <span className="mono break">{list.value.dir}</span>.
          </p>
        ) : null}
        {list.status === 'ready' && backups.length > 0 && !hasVerified ? (
          <p className="recovery-none">None of the backups verified, so none can be restored.</p>
        ) : null}
        {backups.length > 0 ? (
          <BackupTable
            backups={backups}
            restoreBlockedBy={null}
            restoring={restoring}
            onRestore={setConfirming}
          />
        ) : null}

        <div className="recovery-actions">
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
          {status.movedAside.length > 0 ? (
            <button type="button" className="button button-ghost" onClick={onStartFresh}>
              Start a new, empty workspace
            </button>
          ) : null}
        </div>
      </section>
      {confirming ? (
        <RestoreDialog
          backup={confirming}
          replacesOpenWorkspace={false}
          onConfirm={() => {
            restore(confirming);
          }}
          onCancel={() => {
            setConfirming(null);
          }}
        />
      ) : null}
    </main>
  );
}
