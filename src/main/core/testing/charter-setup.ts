import type { DatasetDraft } from '../../../shared/domain/dataset';
import { emptyDatasetDraft } from '../../../shared/domain/dataset';
import { execute } from '../commands/execute';
import { listCharterVersions } from '../charter/charter-queries';
import type { NodeSetup } from '../../../shared/domain/workspace';
import { Workspace, type WorkspaceOpenOptions } from '../workspace/workspace';

/**
 * Publishes the workspace's open charter draft (the template, in a new workspace) through the
 * write path, as the lifecycle would: tests of the catalog need categories to file under.
 */
export function publishOpenCharter(ws: Workspace): void {
  const open = listCharterVersions(ws).find((v) => v.status === 'draft');
  if (!open) return;
  const previous = listCharterVersions(ws).find((v) => v.status === 'published');
  const at = new Date().toISOString();
  const by = ws.actor.name;
  execute(ws, () => ({
    events: [
      { type: 'charter.submitted', payload: { id: open.id, by, at } },
      { type: 'charter.approved', payload: { id: open.id, by, at, note: '' } },
      {
        type: 'charter.published',
        payload: { id: open.id, by, at, supersedes: previous?.id ?? null },
      },
    ],
    result: undefined,
  }));
}

/** A dataset draft the template charter accepts ("operational" category). */
export function sampleDraft(overrides: Partial<DatasetDraft> = {}): DatasetDraft {
  return {
    ...emptyDatasetDraft,
    identifier: 'bus-positions',
    title: 'Bus positions',
    description: 'Every bus, every 10 seconds',
    category: 'operational',
    holder: 'Metro Transit',
    sensitivity: 'internal',
    cadence: { kind: 'realtime' },
    retention: 'P1Y',
    steward: 'Lena',
    formats: ['GTFS-RT'],
    tags: ['transit', 'real-time'],
    ...overrides,
  };
}

/** A new workspace whose template charter is published, ready for catalog commands. */
export function createPublishedWorkspace(
  path: string,
  setup: NodeSetup,
  options: WorkspaceOpenOptions = {},
): Workspace {
  const ws = Workspace.create(path, setup, options);
  try {
    publishOpenCharter(ws);
    return ws;
  } catch (error) {
    ws.close();
    throw error;
  }
}
