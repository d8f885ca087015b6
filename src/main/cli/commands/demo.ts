import { resolve } from 'node:path';
import { createDemoWorkspace } from '../../core/demo/demo-ecosystem';
import { parseCommandArgs, requireOption } from '../args';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';
import { describeStatus } from './status';

export const demoHelp = `concordat demo --db PATH [--json]

Creates a new workspace filled with a small, realistic sample ecosystem (a regional
mobility data partnership). PATH must not exist yet. The signing key's passphrase comes
from CONCORDAT_PASSPHRASE or is asked on the terminal.`;

export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('demo', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const path = resolve(requireOption('demo', 'db', values.db));
  const keyProtection = await passphraseProtection(io, { confirm: true });
  const workspace = createDemoWorkspace(path, { keyProtection });
  try {
    if (values.json) printJson(io, { path, node: workspace.node });
    else {
      io.out(`Created demo workspace ${path}`);
      io.out(describeStatus(workspace));
    }
  } finally {
    workspace.close();
  }
  return 0;
}
