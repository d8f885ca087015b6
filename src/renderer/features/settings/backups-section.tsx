import { useState } from 'react';
import { permissionBlocker } from '../../../shared/domain/permissions';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { Banner, ErrorText, LoadErrorBanner } from '../../ui/banner';
import { formatDateTime } from '../../ui/format';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { BackupTable } from '../recovery/backup-table';
import { RestoreDialog } from '../recovery/restore-dialog';
import { useBackups } from '../recovery/use-backups';
import './backups-section.css';

/**
 * Settings → Backups: the verified backups beside the workspace, "Back up now", and restore
 * (a lead's decision: it rolls every record back to the backup).
 */
export function BackupsSection() {
  const client = useClient();
  const toast = useToast();
  const { status, refresh } = useWorkspace();
  const { list, reload, confirming, setConfirming, restoring, restore, error, setError } =
    useBackups((restored) => {
      refresh();
      if (restored.state === 'open') toast('The backup was restored and the workspace verifies.');
    });
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<RpcError | null>(null);

  const restoreBlockedBy = status.readOnly
    ? 'This workspace is open read-only, so it cannot be replaced.'
    : permissionBlocker(status.actor, 'workspace.restore', 'Restoring a backup');

  const backUpNow = () => {
    setCreating(true);
    setCreateError(null);
    setError(null);
    client.call('backup.create', {}).then(
      (backup) => {
        setCreating(false);
        reload();
        toast(`Backup taken ${formatDateTime(backup.createdAt)} and verified.`);
      },
      (failure: unknown) => {
        setCreating(false);
        setCreateError(toRpcError(failure));
        reload();
      },
    );
  };

  return (
    <section className="settings-section" aria-labelledby="settings-backups">
      <div className="settings-section-header">
        <h2 id="settings-backups" className="section-title">
          Backups
        </h2>
        <button
          type="button"
          className="button"
          data-testid="backup-now"
          disabled={creating || status.readOnly}
          title={status.readOnly ? 'A read-only workspace is not backed up from here.' : undefined}
          onClick={backUpNow}
        >
          {creating ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
      <p className="settings-hint">
        While the app runs, the workspace is backed up every hour it changes (and before every
        upgrade). Each copy is checked — SQLite’s integrity check and the ledger’s full verification
        — before it counts. The 10 newest are kept, and the newest of each day for two weeks
        {list.status === 'ready' ? (
          <>
            , in <span className="mono break">{list.value.dir}</span>
          </>
        ) : null}
        .
      </p>
      {createError ? (
        <Banner title="No backup was taken">
          <ErrorText error={createError} />
        </Banner>
      ) : null}
      {error ? (
        <Banner title="The backup was not restored">
          <ErrorText error={error} />
        </Banner>
      ) : null}
      {list.status === 'loading' ? <Spinner label="Loading backups…" /> : null}
      {list.status === 'failed' ? (
        <LoadErrorBanner title="Backups could not be listed" error={list.error} onRetry={reload} />
      ) : null}
      {list.status === 'ready' && list.value.backups.length === 0 ? (
        <p className="settings-hint">No backups yet.</p>
      ) : null}
      {list.status === 'ready' && list.value.backups.length > 0 ? (
        <BackupTable
          backups={list.value.backups}
          restoreBlockedBy={restoreBlockedBy}
          restoring={restoring}
          onRestore={setConfirming}
        />
      ) : null}
      {confirming ? (
        <RestoreDialog
          backup={confirming}
          replacesOpenWorkspace
          onConfirm={() => {
            restore(confirming);
          }}
          onCancel={() => {
            setConfirming(null);
          }}
        />
      ) : null}
    </section>
  );
}
