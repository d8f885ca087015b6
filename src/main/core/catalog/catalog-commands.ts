import { randomUUID } from 'node:crypto';
import type { Dataset, DatasetDraft } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/errors';
import { requirePermission } from '../commands/authorise';
import { execute } from '../commands/execute';
import type { Workspace } from '../workspace/workspace';
import { findDatasetByIdentifier, getDataset } from './catalog-queries';
import { assertDatasetWithinCharter, datasetPolicy } from './catalog-policy';

export interface Clock {
  now(): string;
}
export const systemClock: Clock = { now: () => new Date().toISOString() };

function duplicateIdentifier(identifier: string): AppError {
  return new AppError(
    'DUPLICATE',
    `A dataset with identifier "${identifier}" already exists in this catalog.`,
    [{ path: 'draft.identifier', message: 'This identifier is already used by another dataset' }],
  );
}

export function createDataset(
  ws: Workspace,
  draft: DatasetDraft,
  clock: Clock = systemClock,
): Dataset {
  requirePermission(ws.actor, 'catalog.write', 'Adding a dataset');
  return execute(ws, () => {
    if (findDatasetByIdentifier(ws, ws.node.nodeId, draft.identifier)) {
      throw duplicateIdentifier(draft.identifier);
    }
    assertDatasetWithinCharter(ws, draft);
    const now = clock.now();
    const dataset: Dataset = {
      ...draft,
      id: randomUUID(),
      ownerNode: ws.node.nodeId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return { events: [{ type: 'dataset.created', payload: dataset }], result: dataset };
  });
}

/**
 * Adds many datasets in one transaction, all or nothing: one `dataset.created` ledger entry
 * each, every draft checked like a single create (identifier unique, within the charter).
 */
export function createDatasets(
  ws: Workspace,
  drafts: readonly DatasetDraft[],
  clock: Clock = systemClock,
): Dataset[] {
  requirePermission(ws.actor, 'catalog.write', 'Adding datasets');
  return execute(ws, () => {
    const seen = new Set<string>();
    const now = clock.now();
    const withinCharter = datasetPolicy(ws);
    const datasets = drafts.map((draft): Dataset => {
      if (
        seen.has(draft.identifier) ||
        findDatasetByIdentifier(ws, ws.node.nodeId, draft.identifier)
      ) {
        throw duplicateIdentifier(draft.identifier);
      }
      seen.add(draft.identifier);
      withinCharter(draft);
      return {
        ...draft,
        id: randomUUID(),
        ownerNode: ws.node.nodeId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
    });
    return {
      events: datasets.map((dataset) => ({ type: 'dataset.created' as const, payload: dataset })),
      result: datasets,
    };
  });
}

export function updateDataset(
  ws: Workspace,
  change: { id: string; expectedVersion: number; draft: DatasetDraft },
  clock: Clock = systemClock,
): Dataset {
  requirePermission(ws.actor, 'catalog.write', 'Editing a dataset');
  return execute(ws, () => {
    const current = getDataset(ws, change.id);
    if (current.ownerNode !== ws.node.nodeId) {
      throw new AppError(
        'REPLICA_READ_ONLY',
        `Dataset ${current.identifier} belongs to another node; only its owner can change it.`,
      );
    }
    if (current.version !== change.expectedVersion) {
      throw new AppError(
        'CONFLICT',
        `Dataset ${current.identifier} was changed elsewhere (now version ${current.version}, you edited version ${change.expectedVersion}). Reload it and apply your changes again.`,
      );
    }
    const clash = findDatasetByIdentifier(ws, ws.node.nodeId, change.draft.identifier);
    if (clash && clash.id !== change.id) throw duplicateIdentifier(change.draft.identifier);
    assertDatasetWithinCharter(ws, change.draft);
    const updated: Dataset = {
      ...current,
      ...change.draft,
      version: current.version + 1,
      updatedAt: clock.now(),
    };
    return {
      events: [
        {
          type: 'dataset.updated',
          payload: {
            id: updated.id,
            version: updated.version,
            updatedAt: updated.updatedAt,
            draft: change.draft,
          },
        },
      ],
      result: updated,
    };
  });
}
