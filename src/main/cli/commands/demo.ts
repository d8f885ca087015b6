import { resolve } from 'node:path';
import { createDemoWorkspace } from '../../core/demo/demo-ecosystem';
import { parseCommandArgs, requireOption } from '../args';
import { UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';
import { describeStatus } from './status';

export const demoHelp = `concordat demo --db PATH [--size standard|large] [--json]

Creates a new workspace filled with a realistic sample ecosystem (a regional mobility data
partnership): two governance leads and a steward, a charter with three versions (one
superseded, one published, one in review) and a catalog of 300 datasets. --size large
builds the benchmark workload instead: 10,000 datasets. PATH must not exist yet. The
signing key's passphrase comes from CONCORDAT_PASSPHRASE or is asked on the terminal.`;

const sizes = ['standard', 'large'] as const;

export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('demo', argv, {
    db: { type: 'string' },
    size: { type: 'string', default: 'standard' },
    json: { type: 'boolean', default: false },
  });
  const size = sizes.find((candidate) => candidate === values.size);
  if (!size) throw new UsageError(`--size must be standard or large, not "${values.size}".`);
  const path = resolve(requireOption('demo', 'db', values.db));
  const keyProtection = await passphraseProtection(io, { confirm: true });
  const workspace = createDemoWorkspace(path, { keyProtection, size });
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
