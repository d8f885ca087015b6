import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { Workspace, type WorkspaceOpenOptions } from '../core/workspace/workspace';
import { requireOption } from './args';
import { UsageError } from './cli-error';

/**
 * Opens the workspace `--db` names, acts as `--as` when given, runs `use` and closes it
 * whatever happens: what every command that reads or changes records does.
 */
export function withCliWorkspace<T>(
  command: string,
  values: { db?: string; as?: string },
  options: WorkspaceOpenOptions,
  use: (ws: Workspace) => T,
): T {
  const ws = Workspace.open(resolve(requireOption(command, 'db', values.db)), options);
  try {
    if (values.as !== undefined) ws.actAsNamed(values.as);
    return use(ws);
  } finally {
    ws.close();
  }
}

/** Something named on the command line that does not exist is bad input (exit 2), not a refusal. */
export function asUsage<T>(command: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      throw new UsageError(`${command}: ${error.message}`);
    }
    throw error;
  }
}
