import { type Dataset, draftOfDataset } from '../../../shared/domain/dataset';
import type { NodeSetup } from '../../../shared/domain/workspace';
import { createDatasets, updateDataset } from '../catalog/catalog-commands';
import { getCharterVersion } from '../charter/charter-queries';
import { addMember } from '../members/member-commands';
import { Workspace, type WorkspaceOpenOptions } from '../workspace/workspace';
import {
  firstDemoCharter,
  publishDemoVersion,
  secondDemoCharter,
  sendDemoVersionToReview,
  startDemoDraft,
  thirdDemoCharter,
} from './demo-charter';
import { createDemoAccess } from './demo-access';
import { createDemoOversight } from './demo-oversight';
import { demoDatasets, demoOrganisation, generatedDemoDatasets } from './demo-datasets';

/**
 * A small, realistic ecosystem: a regional mobility data partnership whose lead organisation
 * shares transit, traffic and environmental data with operators, the city and researchers.
 */
export const demoNode: NodeSetup = {
  organisation: demoOrganisation,
  operator: 'Ada Okafor',
  roles: ['lead', 'steward', 'auditor'],
};

const revisions: ((d: Dataset) => Partial<Dataset>)[] = [
  (d) => ({ description: `${d.description} Reviewed by the data steward.` }),
  (d) => ({ tags: [...d.tags, 'reviewed'] }),
  (d) => ({ steward: d.steward === 'Lena Fischer' ? 'Tomás Ribeiro' : d.steward }),
  (d) => ({ formats: d.formats.includes('JSON') ? d.formats : [...d.formats, 'JSON'] }),
  (d) => ({ description: `${d.description} Quality checks run nightly.` }),
];

/** A few rounds of realistic edits, so the ledger holds a history rather than a snapshot. */
function reviseDemoDatasets(workspace: Workspace, datasets: Dataset[]): void {
  for (let round = 0; round < revisions.length; round += 1) {
    const revise = revisions[round];
    if (!revise) continue;
    datasets.forEach((dataset, index) => {
      const current = datasets[index] ?? dataset;
      const next = { ...current, ...revise(current) };
      datasets[index] = updateDataset(workspace, {
        id: current.id,
        expectedVersion: current.version,
        draft: draftOfDataset(next),
      });
    });
  }
}

export type DemoSize = 'standard' | 'large';

/** How many datasets each size holds: a few hundred, or the benchmark's 10,000. */
export const demoDatasetCounts: Record<DemoSize, number> = { standard: 300, large: 10_000 };

/** Datasets go in by the thousand: one transaction each, one ledger entry per dataset. */
const BATCH = 1000;

/**
 * Creates a workspace at `path` and fills it through the normal command path: two leads and a
 * steward share the node; charter version 1 is published, version 2 supersedes it (some
 * datasets now break its shorter retention and are flagged, and the approving lead accepted,
 * narrowed or revoked the grants it put out of bounds), version 3 is in review; the catalog
 * holds a few hundred datasets (10,000 with `size: 'large'`) with a history of edits; seven
 * principals hold 160 grants (157 principals and 200,000 grants with `size: 'large'`); an
 * access review is under way and incidents are open, escalated and resolved.
 */
export function createDemoWorkspace(
  path: string,
  options: WorkspaceOpenOptions & { size?: DemoSize } = {},
): Workspace {
  const workspace = Workspace.create(path, demoNode, options);
  try {
    const ada = workspace.actor.id;
    const jonas = addMember(workspace, { name: 'Jonas Weber', roles: ['lead'] }).id;
    const lena = addMember(workspace, { name: 'Lena Fischer', roles: ['steward'] }).id;
    const tomas = addMember(workspace, { name: 'Tomás Ribeiro', roles: ['steward'] }).id;
    addMember(workspace, { name: 'Ines Moreau', roles: ['auditor'] });
    const leads = { author: ada, approver: jonas };

    const v1 = firstDemoCharter(getCharterVersion(workspace, 1).content);
    publishDemoVersion(workspace, 1, v1, leads);

    workspace.actAs(lena);
    const total = demoDatasetCounts[options.size ?? 'standard'];
    const own = demoDatasets(v1);
    const drafts = [...own, ...generatedDemoDatasets(v1, total - own.length)];
    const created: Dataset[] = [];
    for (let at = 0; at < drafts.length; at += BATCH) {
      created.push(...createDatasets(workspace, drafts.slice(at, at + BATCH)));
    }
    reviseDemoDatasets(workspace, created.slice(0, own.length));
    createDemoAccess(workspace, {
      charter: v1,
      datasets: created,
      size: options.size ?? 'standard',
      requester: lena,
      approver: tomas,
    });

    workspace.actAs(ada);
    const v2 = secondDemoCharter(v1);
    publishDemoVersion(workspace, startDemoDraft(workspace, 1), v2, leads);
    const v3 = startDemoDraft(workspace, 2);
    sendDemoVersionToReview(workspace, v3, thirdDemoCharter(v2));
    createDemoOversight(workspace, {
      lead: jonas,
      steward: lena,
      reviewers: ['Lena Fischer', 'Tomás Ribeiro'],
      leftUndecided: 3,
    });
    workspace.actAs(ada);

    if (workspace.isUnlocked) workspace.checkpoint();
    return workspace;
  } catch (error) {
    workspace.close();
    throw error;
  }
}
