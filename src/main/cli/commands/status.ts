import { resolve } from 'node:path';
import { roleLabels } from '../../../shared/domain/roles';
import { countDatasets } from '../../core/catalog/catalog-queries';
import { charterStatusLabels } from '../../../shared/domain/charter-version';
import { charterOverview } from '../../core/charter/charter-queries';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { type CliIo, printJson } from '../io';

export const statusHelp = `concordat status --db PATH [--json]

Prints what a workspace holds: its node, operator, roles, schema version and counts.`;

export function describeStatus(workspace: Workspace): string {
  const { node } = workspace;
  return [
    `Organisation:   ${node.organisation}`,
    `Operator:       ${node.operator}`,
    `Roles:          ${node.roles.map((r) => roleLabels[r]).join(', ')}`,
    `Node id:        ${node.nodeId}`,
    `Schema version: ${workspace.schemaVersion}`,
    `Members:        ${workspace.members().filter((m) => m.active).length}`,
    `Charter:        ${describeCharter(workspace)}`,
    `Datasets:       ${countDatasets(workspace)}`,
    `Ledger entries: ${workspace.ledger.size}`,
  ].join('\n');
}

/** "version 2 published, version 3 in review", or what there is instead. */
function describeCharter(workspace: Workspace): string {
  const { governingVersion, openVersion, versions } = charterOverview(workspace);
  const open = versions.find((version) => version.version === openVersion);
  const parts = [
    governingVersion === null ? 'none published yet' : `version ${governingVersion} published`,
    open ? `version ${open.version} ${charterStatusLabels[open.status].toLowerCase()}` : null,
  ];
  return parts.filter((part) => part !== null).join(', ');
}

export function runStatus(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('status', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const path = resolve(requireOption('status', 'db', values.db));
  const workspace = Workspace.open(path, { readOnly: true });
  try {
    if (values.json) {
      printJson(io, {
        path,
        schemaVersion: workspace.schemaVersion,
        node: workspace.node,
        charter: (({ governingVersion, openVersion }) => ({ governingVersion, openVersion }))(
          charterOverview(workspace),
        ),
        counts: {
          datasets: countDatasets(workspace),
          ledgerEntries: workspace.ledger.size,
        },
      });
    } else {
      io.out(`Workspace ${path}`);
      io.out(describeStatus(workspace));
    }
  } finally {
    workspace.close();
  }
  return 0;
}
