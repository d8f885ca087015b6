import { isAbsolute, resolve } from 'node:path';
import type { AppInfo } from '../../../shared/contract/channels';
import { AppError } from '../../../shared/errors';
import { toBase64 } from '../ledger/bytes';
import { BUNDLE_FILES, exportLedger } from '../ledger-store/export-bundle';
import {
  checkpointInfo,
  getLedgerEntry,
  ledgerOverview,
  listCheckpointInfos,
  listLedgerEntries,
} from '../ledger-store/ledger-queries';
import { runLedgerVerification } from '../ledger-store/ledger-verification';
import { requirePermission } from '../commands/authorise';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { accessHandlers } from './access-handlers';
import { backupHandlers } from './backup-handlers';
import { catalogHandlers } from './catalog-handlers';
import { charterHandlers } from './charter-handlers';
import { dashboardHandlers } from './dashboard-handlers';
import type { Handlers } from './dispatch';
import { incidentHandlers } from './incident-handlers';
import { memberHandlers } from './member-handlers';
import { reviewHandlers } from './review-handlers';
import { syncHandlers } from './sync-handlers';

/** What only the desktop shell can do; browser mode leaves these out. */
export interface PlatformServices {
  /** The system folder picker; null when the user cancels. */
  chooseFolder?: (options: { title: string; defaultPath: string }) => Promise<string | null>;
}

/** Implements every contract channel over one workspace session. */
export function createHandlers(
  session: WorkspaceSession,
  info: AppInfo,
  platform: PlatformServices = {},
): Handlers {
  return {
    'app.info': () => info,
    // The checks on open run in the background; the window waits for their verdict here.
    'workspace.status': async () => {
      await session.ready();
      return session.status();
    },
    'workspace.create': (setup) => session.create(setup),
    ...catalogHandlers(session),
    ...charterHandlers(session),
    ...memberHandlers(session),
    ...accessHandlers(session),
    ...incidentHandlers(session),
    ...reviewHandlers(session),
    ...dashboardHandlers(session),
    ...syncHandlers(session),
    ...backupHandlers(session),
    'ledger.overview': () => ledgerOverview(session.require()),
    'ledger.list': (query) => listLedgerEntries(session.require(), query),
    'ledger.entry': ({ seq }) => getLedgerEntry(session.require(), seq),
    'ledger.checkpoints': () => listCheckpointInfos(session.require()),
    'ledger.checkpoint': () => {
      const ws = session.require();
      requirePermission(ws.actor, 'ledger.checkpoint', 'Signing a checkpoint');
      const checkpoint = checkpointInfo(ws.checkpoint());
      session.emit({ name: 'workspace.changed', payload: { entity: 'ledger', ids: [] } });
      return checkpoint;
    },
    'ledger.verify': ({ taskId, deep }) =>
      session.tasks.run(taskId, ({ signal, progress }) =>
        runLedgerVerification(session.require(), {
          deep,
          signal,
          onProgress: progress,
          appVersion: info.version,
          ...(session.nativeBinding === undefined ? {} : { nativeBinding: session.nativeBinding }),
        }),
      ),
    'ledger.export': ({ dir }) => {
      if (!isAbsolute(dir)) {
        throw new AppError(
          'INVALID_INPUT',
          `Name a full folder path (for example /home/…), not "${dir}".`,
        );
      }
      const target = resolve(dir);
      const checkpoint = exportLedger(session.require(), target);
      session.emit({ name: 'workspace.changed', payload: { entity: 'ledger', ids: [] } });
      return {
        dir: target,
        size: checkpoint.size,
        root: toBase64(checkpoint.root),
        files: Object.values(BUNDLE_FILES),
      };
    },
    'system.chooseFolder': async (options) => {
      if (!platform.chooseFolder) {
        throw new AppError(
          'NOT_SUPPORTED',
          'Browser mode cannot open a folder picker; type the folder path instead.',
        );
      }
      return { path: await platform.chooseFolder(options) };
    },
    'task.cancel': ({ taskId }) => ({ cancelled: session.tasks.cancel(taskId) }),
  };
}
