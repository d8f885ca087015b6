import { useCallback, useState } from 'react';
import type { BackupSummary } from '../../../shared/contract/backup-channels';
import type { WorkspaceStatus } from '../../../shared/domain/workspace';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { useLoader } from '../../ui/use-loader';

/** The backup list, and a restore with its confirmation step: shared by recovery and Settings. */
export function useBackups(onRestored: (status: WorkspaceStatus) => void) {
  const client = useClient();
  const load = useCallback(() => client.call('backup.list', {}), [client]);
  const [list, reload] = useLoader(load);
  const [confirming, setConfirming] = useState<BackupSummary | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [error, setError] = useState<RpcError | null>(null);

  const restore = (backup: BackupSummary) => {
    setConfirming(null);
    setRestoring(backup.id);
    setError(null);
    client.call('backup.restore', { id: backup.id }).then(
      (result) => {
        setRestoring(null);
        reload();
        onRestored(result.status);
      },
      (failure: unknown) => {
        setRestoring(null);
        setError(toRpcError(failure));
        reload();
      },
    );
  };

  return { list, reload, confirming, setConfirming, restoring, restore, error, setError };
}
