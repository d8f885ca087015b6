import { createDataset, updateDataset } from '../catalog/catalog-commands';
import { getDataset, listDatasets } from '../catalog/catalog-queries';
import { exportCatalog } from '../catalog/transfer/catalog-export';
import { commitImport, previewImport } from '../catalog/transfer/catalog-import';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

export function catalogHandlers(session: WorkspaceSession): HandlersFor<'catalog'> {
  const changed = (ids: string[]) => {
    session.emit({ name: 'workspace.changed', payload: { entity: 'dataset', ids } });
  };
  return {
    'catalog.list': (query) => listDatasets(session.require(), query),
    'catalog.get': ({ id }) => getDataset(session.require(), id),
    'catalog.create': ({ draft }) => {
      const dataset = createDataset(session.require(), draft);
      changed([dataset.id]);
      return dataset;
    },
    'catalog.update': (change) => {
      const dataset = updateDataset(session.require(), change);
      changed([dataset.id]);
      return dataset;
    },
    'catalog.importPreview': (source) => previewImport(session.require(), source),
    'catalog.importCommit': ({ source, exclude }) => {
      const result = commitImport(session.require(), source, exclude);
      // Too many ids to list: the catalog refetches everything.
      changed([]);
      return result;
    },
    'catalog.export': ({ format }) => exportCatalog(session.require(), format),
  };
}
