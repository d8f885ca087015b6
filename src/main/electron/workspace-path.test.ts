import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePath } from './workspace-path';

const userDataDir = resolve('/home/ada/.config/Concordat');
const cwd = resolve('/home/ada/projects');

describe('resolveWorkspacePath', () => {
  it('defaults to workspace.concordat in the user-data directory', () => {
    expect(resolveWorkspacePath({ argv: ['electron', '.'], env: {}, userDataDir, cwd })).toBe(
      join(userDataDir, 'workspace.concordat'),
    );
  });

  it('takes CONCORDAT_WORKSPACE, resolved against the working directory', () => {
    const env = { CONCORDAT_WORKSPACE: 'acme.concordat' };
    expect(resolveWorkspacePath({ argv: [], env, userDataDir, cwd })).toBe(
      join(cwd, 'acme.concordat'),
    );
  });

  it('prefers --workspace=PATH over the environment; the last switch wins', () => {
    const argv = ['concordat', '--workspace=/tmp/a.concordat', '--workspace=/tmp/b.concordat'];
    const env = { CONCORDAT_WORKSPACE: '/tmp/env.concordat' };
    expect(resolveWorkspacePath({ argv, env, userDataDir, cwd })).toBe(resolve('/tmp/b.concordat'));
  });

  it('treats empty values as unset', () => {
    const argv = ['concordat', '--workspace='];
    expect(
      resolveWorkspacePath({ argv, env: { CONCORDAT_WORKSPACE: ' ' }, userDataDir, cwd }),
    ).toBe(join(userDataDir, 'workspace.concordat'));
    expect(
      resolveWorkspacePath({
        argv,
        env: { CONCORDAT_WORKSPACE: '/w.concordat' },
        userDataDir,
        cwd,
      }),
    ).toBe(resolve('/w.concordat'));
  });

  it('ignores look-alike switches', () => {
    const argv = ['concordat', '--workspaces=/tmp/x', '--workspace', '/tmp/y'];
    expect(resolveWorkspacePath({ argv, env: {}, userDataDir, cwd })).toBe(
      join(userDataDir, 'workspace.concordat'),
    );
  });
});
