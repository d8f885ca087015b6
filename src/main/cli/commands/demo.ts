import { resolve } from 'node:path';
import { createDemoWorkspace } from '../../core/demo/demo-ecosystem';
import { parseCommandArgs, requireOption } from '../args';
import { type CliIo, printJson } from '../io';
import { describeStatus } from './status';

export const demoHelp = `concordat demo --db PATH [--json]

Creates a new workspace filled with a small, realistic sample ecosystem (a regional
mobility data partnership). PATH must not exist yet.`;

export function runDemo(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('demo', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const path = resolve(requireOption('demo', 'db', values.db));
  const workspace = createDemoWorkspace(path);
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
