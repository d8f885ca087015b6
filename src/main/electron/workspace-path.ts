import { join, resolve } from 'node:path';
import { WORKSPACE_FILE_NAME } from '../core/paths/default-workspace';

export const WORKSPACE_SWITCH = '--workspace';
export const WORKSPACE_ENV = 'CONCORDAT_WORKSPACE';

export interface WorkspacePathSources {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  /** `app.getPath('userData')`. */
  userDataDir: string;
  /** Relative overrides resolve against this (the directory the app was started from). */
  cwd: string;
}

function switchValue(argv: readonly string[]): string | undefined {
  const prefix = `${WORKSPACE_SWITCH}=`;
  // The last occurrence wins, as with most command-line tools.
  const arg = argv.findLast((candidate) => candidate.startsWith(prefix));
  return arg?.slice(prefix.length);
}

/**
 * The workspace file to open: `--workspace=PATH`, else $CONCORDAT_WORKSPACE, else
 * workspace.concordat in the user-data directory (the same file browser mode and the CLI use
 * by default). Empty values count as unset.
 */
export function resolveWorkspacePath(sources: WorkspacePathSources): string {
  const override = [switchValue(sources.argv), sources.env[WORKSPACE_ENV]].find(
    (value) => value !== undefined && value.trim() !== '',
  );
  return override === undefined
    ? join(sources.userDataDir, WORKSPACE_FILE_NAME)
    : resolve(sources.cwd, override);
}
