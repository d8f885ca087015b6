import type { AppInfo } from '../../../shared/contract/channels';
import { createDataset, updateDataset } from '../catalog/catalog-commands';
import { getDataset, listDatasets } from '../catalog/catalog-queries';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { Handlers } from './dispatch';

/** Implements every contract channel over one workspace session. */
export function createHandlers(session: WorkspaceSession, info: AppInfo): Handlers {
  return {
    'app.info': () => info,
    'workspace.status': () => session.status(),
    'workspace.create': (setup) => session.create(setup),
    'catalog.list': (query) => listDatasets(session.require(), query),
    'catalog.get': ({ id }) => getDataset(session.require(), id),
    'catalog.create': ({ draft }) => {
      const dataset = createDataset(session.require(), draft);
      session.emit({
        name: 'workspace.changed',
        payload: { entity: 'dataset', ids: [dataset.id] },
      });
      return dataset;
    },
    'catalog.update': (change) => {
      const dataset = updateDataset(session.require(), change);
      session.emit({
        name: 'workspace.changed',
        payload: { entity: 'dataset', ids: [dataset.id] },
      });
      return dataset;
    },
  };
}
