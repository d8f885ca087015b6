// Tests scripts/electron-native.js (plain Node ESM, run before Electron starts). It lives here
// because the node test project and the type checker cover src/, not scripts/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findAppRoot } from '../core/paths/app-root';
import { useTempDir } from '../core/testing/temp-dir';

interface Target {
  electron: string;
  platform: string;
  arch: string;
  betterSqlite3: string;
}
interface Step {
  label: string;
  command: string;
  args: string[];
}
type Run = (step: Step, cwd: string, env: Record<string, string | undefined>) => string | null;
interface ElectronNativeScript {
  readTarget(root: string, platform?: string, arch?: string): Target;
  isUpToDate(root: string, target: Target): boolean;
  childEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
  buildSteps(root: string, target: Target, env?: Record<string, string | undefined>): Step[];
  checkNotNodeAbi(file: string): string | null;
  ensureElectronNative(options: {
    root: string;
    force?: boolean;
    env?: Record<string, string | undefined>;
    run?: Run;
    verify?: (file: string) => string | null;
    log?: (line: string) => void;
  }): 'up-to-date' | 'built';
}

const appRoot = findAppRoot();
const scriptUrl = new URL('../../../scripts/electron-native.js', import.meta.url).href;
const script = (await import(/* @vite-ignore */ scriptUrl)) as ElectronNativeScript;

const tempDir = useTempDir();
const NODE_BUILD = 'node-abi build used by npm test';

/** A checkout with just the manifests and sources the script reads. */
function fakeCheckout(): string {
  const root = tempDir();
  const write = (path: string, content: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  write('node_modules/electron/package.json', JSON.stringify({ version: '42.11.18' }));
  write('node_modules/better-sqlite3/package.json', JSON.stringify({ version: '12.11.1' }));
  write('node_modules/better-sqlite3/src/better_sqlite3.cpp', '// sources');
  write('node_modules/better-sqlite3/build/Release/better_sqlite3.node', NODE_BUILD);
  write('node_modules/prebuild-install/bin.js', '// stand-in');
  return root;
}

const nodeBuildOf = (root: string) =>
  readFileSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'utf8');
const nativeFile = (root: string, name: string) => join(root, '.native', 'electron', name);

/** A build step double: fails with `failWith`, else writes an addon into the work copy. */
function fakeRun(results: (string | null)[]) {
  const seen: { cwd: string; hadBuildDir: boolean; env: Record<string, string | undefined> }[] = [];
  const run = vi.fn<Run>((_step, cwd, env) => {
    seen.push({ cwd, hadBuildDir: existsSync(join(cwd, 'build')), env });
    const failure = results[seen.length - 1] ?? null;
    if (failure !== null) return failure;
    mkdirSync(join(cwd, 'build', 'Release'), { recursive: true });
    writeFileSync(join(cwd, 'build', 'Release', 'better_sqlite3.node'), 'electron-abi build');
    return null;
  });
  return { run, seen };
}

const quiet = { log: () => undefined, verify: () => null };

beforeEach(() => {
  vi.clearAllMocks();
});

describe('electron-native.js', () => {
  it('reads the target from the installed packages', () => {
    expect(script.readTarget(fakeCheckout(), 'linux', 'x64')).toEqual({
      electron: '42.11.18',
      platform: 'linux',
      arch: 'x64',
      betterSqlite3: '12.11.1',
    });
    expect(() => script.readTarget(tempDir())).toThrow(/electron is not installed.*npm install/);
  });

  it('builds in a copy without build/, installs the addon and meta.json, and leaves node_modules alone', () => {
    const root = fakeCheckout();
    const { run, seen } = fakeRun(['offline', null]);
    const env = { PATH: '/bin', npm_config_nodedir: '/usr', npm_config_runtime: 'node' };

    expect(script.ensureElectronNative({ root, env, run, ...quiet })).toBe('built');

    expect(run).toHaveBeenCalledTimes(2);
    expect(run.mock.calls[0]?.[0].label).toMatch(/prebuild-install/);
    expect(run.mock.calls[1]?.[0].label).toMatch(/node-gyp/);
    for (const call of seen) {
      expect(call.cwd.startsWith(root)).toBe(false);
      expect(call.hadBuildDir).toBe(false);
      expect(call.env).toEqual({ PATH: '/bin' });
    }
    expect(readFileSync(nativeFile(root, 'better_sqlite3.node'), 'utf8')).toBe(
      'electron-abi build',
    );
    expect(JSON.parse(readFileSync(nativeFile(root, 'meta.json'), 'utf8'))).toEqual(
      script.readTarget(root),
    );
    expect(nodeBuildOf(root)).toBe(NODE_BUILD);
    expect(existsSync(seen[0]!.cwd)).toBe(false);
  });

  it('skips the build while meta.json matches, and rebuilds with force or on a version change', () => {
    const root = fakeCheckout();
    script.ensureElectronNative({ root, run: fakeRun([]).run, ...quiet });

    const again = fakeRun([]);
    expect(script.ensureElectronNative({ root, run: again.run, ...quiet })).toBe('up-to-date');
    expect(again.run).not.toHaveBeenCalled();

    expect(script.ensureElectronNative({ root, force: true, run: again.run, ...quiet })).toBe(
      'built',
    );

    writeFileSync(
      join(root, 'node_modules/electron/package.json'),
      JSON.stringify({ version: '43.0.0' }),
    );
    expect(script.isUpToDate(root, script.readTarget(root))).toBe(false);
  });

  it('fails with an actionable message and writes nothing when every route fails', () => {
    const root = fakeCheckout();
    const { run, seen } = fakeRun(['exited with code 1', 'exited with code 1']);
    expect(() => script.ensureElectronNative({ root, run, ...quiet })).toThrow(
      /Could not build better-sqlite3 12\.11\.1 for Electron 42\.11\.18[\s\S]*prebuild-install[\s\S]*node-gyp[\s\S]*run `node scripts\/electron-native\.js` again/,
    );
    expect(existsSync(join(root, '.native'))).toBe(false);
    expect(nodeBuildOf(root)).toBe(NODE_BUILD);
    expect(existsSync(seen[0]!.cwd)).toBe(false);
  });

  it('refuses an addon that turns out to be a Node build', () => {
    const root = fakeCheckout();
    const verify = vi.fn(() => 'loads in Node, so it was built for Node');
    expect(() =>
      script.ensureElectronNative({ root, run: fakeRun([]).run, verify, log: () => undefined }),
    ).toThrow(/built for Node/);
    expect(existsSync(nativeFile(root, 'better_sqlite3.node'))).toBe(false);
  });

  it('tells a Node-ABI addon from one that cannot load in Node', () => {
    const nodeBuild = join(
      appRoot,
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    );
    expect(script.checkNotNodeAbi(nodeBuild)).toMatch(/built for Node's ABI/);
    const other = join(tempDir(), 'better_sqlite3.node');
    writeFileSync(other, 'not loadable by this Node');
    expect(script.checkNotNodeAbi(other)).toBeNull();
  });

  it('targets Electron with both prebuild-install and node-gyp', () => {
    const target = script.readTarget(appRoot);
    const [prebuilt, source] = script.buildSteps(appRoot, target, {});
    expect(prebuilt?.args).toEqual(
      expect.arrayContaining(['--runtime', 'electron', '--target', target.electron, '--arch']),
    );
    expect(source?.args).toEqual(
      expect.arrayContaining([
        'rebuild',
        '--runtime=electron',
        `--target=${target.electron}`,
        '--dist-url=https://electronjs.org/headers',
      ]),
    );
  });

  it('hides npm config that would retarget the build from the child processes', () => {
    expect(
      script.childEnv({
        HOME: '/home/ada',
        npm_config_nodedir: '/usr',
        NPM_CONFIG_TARGET: '20.0.0',
        npm_config_disturl: 'https://nodejs.org/dist',
        npm_config_cache: '/cache',
      }),
    ).toEqual({ HOME: '/home/ada', npm_config_cache: '/cache' });
  });
});
