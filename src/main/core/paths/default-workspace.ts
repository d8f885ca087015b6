import { homedir } from 'node:os';
import { join } from 'node:path';

export const WORKSPACE_FILE_NAME = 'workspace.concordat';

/**
 * The per-user data directory Electron uses for an app named "Concordat", computed without
 * Electron so browser mode and the CLI default to the same workspace as the desktop app.
 */
export function userDataDirectory(
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Concordat');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Concordat');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Concordat');
}

export function defaultWorkspacePath(): string {
  return join(userDataDirectory(), WORKSPACE_FILE_NAME);
}
