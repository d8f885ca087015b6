import { backupsDirFor, listBackupManifests, summaryOf } from '../backup/backup-files';
import { requirePermission } from '../commands/authorise';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

/**
 * Backups work on the session's path, not only on an open workspace: the recovery screen lists
 * and restores them when the workspace cannot be opened. Taking one needs an open workspace;
 * restoring over an open one needs a lead (it rolls every record back).
 */
export function backupHandlers(session: WorkspaceSession): HandlersFor<'backup'> {
  return {
    'backup.list': () => ({
      dir: backupsDirFor(session.path),
      backups: listBackupManifests(session.path).map(summaryOf),
    }),
    'backup.create': async () => {
      session.require();
      return summaryOf(await session.backups.backupNow('manual'));
    },
    'backup.verify': async ({ id }) => summaryOf(await session.verifyBackup(id)),
    'backup.restore': async ({ id }) => {
      const ws = session.current();
      if (ws) requirePermission(ws.actor, 'workspace.restore', 'Restoring a backup');
      const outcome = await session.restore(id);
      return {
        restored: summaryOf(outcome.backup),
        movedAside: outcome.movedAside,
        status: session.status(),
      };
    },
  };
}
