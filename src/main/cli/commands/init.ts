import { resolve } from 'node:path';
import { nodeSetupSchema } from '../../../shared/domain/workspace';
import { parseRoleList } from '../../../shared/domain/roles';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';
import { describeStatus } from './status';
import { z } from 'zod';

export const initHelp = `concordat init --db PATH --org NAME --operator NAME --roles ROLES [--json]

Creates a new workspace file for this node and its Ed25519 signing key (PATH.key,
encrypted with a passphrase from CONCORDAT_PASSPHRASE or asked on the terminal). ROLES is
a comma-separated list of lead, steward, auditor, viewer (e.g. lead,steward,auditor).`;

export async function runInit(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('init', argv, {
    db: { type: 'string' },
    org: { type: 'string' },
    operator: { type: 'string' },
    roles: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const path = resolve(requireOption('init', 'db', values.db));
  let roles;
  try {
    roles = parseRoleList(requireOption('init', 'roles', values.roles));
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new UsageError(
        `init: --roles must list lead, steward, auditor or viewer, separated by commas (${error.issues[0]?.message ?? 'invalid'}).`,
      );
    }
    throw error;
  }
  const setup = nodeSetupSchema.safeParse({
    organisation: requireOption('init', 'org', values.org),
    operator: requireOption('init', 'operator', values.operator),
    roles,
  });
  if (!setup.success) {
    throw new UsageError(`init: ${setup.error.issues.map((i) => i.message).join('; ')}`);
  }
  const keyProtection = await passphraseProtection(io, { confirm: true });
  const workspace = Workspace.create(path, setup.data, { keyProtection });
  try {
    if (values.json) printJson(io, { path, node: workspace.node });
    else {
      io.out(`Created workspace ${path}`);
      io.out(describeStatus(workspace));
    }
  } finally {
    workspace.close();
  }
  return 0;
}
