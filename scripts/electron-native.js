#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .native/electron/, next to — never over — the
// Node-ABI build in node_modules/better-sqlite3/build that `npm test` and the CLI load
// (ARCHITECTURE.md §7). The desktop app passes the result to better-sqlite3 as `nativeBinding`.
//
//   node scripts/electron-native.js [--force]
//
// Runs before `npm start`, `npm run dev` and `npm run dist`; a no-op while meta.json matches.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ADDON_FILE = 'better_sqlite3.node';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/**
 * npm passes its config to scripts as npm_config_* variables, and node-gyp and prebuild-install
 * obey them. A `nodedir` (set on this project's build machines so better-sqlite3 builds against
 * the local Node headers) would silently produce a *Node*-ABI binary here; `runtime`, `target`
 * and friends would override the Electron target. The child processes never see them.
 */
const OVERRIDING_NPM_CONFIG =
  /^npm_config_(nodedir|runtime|target|target_arch|target_platform|arch|platform|disturl|dist_url|build_from_source|force|tag_prefix)$/i;

export function nativeDir(root) {
  return join(root, '.native', 'electron');
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** What the addon must be built for. Throws a readable error if a package is not installed. */
export function readTarget(root, platform = process.platform, arch = process.arch) {
  const version = (name) => {
    const manifest = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) {
      throw new Error(`${name} is not installed (${manifest} is missing). Run \`npm install\`.`);
    }
    return readJson(manifest).version;
  };
  return {
    electron: version('electron'),
    platform,
    arch,
    betterSqlite3: version('better-sqlite3'),
  };
}

export function isUpToDate(root, target) {
  const dir = nativeDir(root);
  if (!existsSync(join(dir, ADDON_FILE)) || !existsSync(join(dir, 'meta.json'))) return false;
  try {
    const meta = readJson(join(dir, 'meta.json'));
    return Object.entries(target).every(([key, value]) => meta[key] === value);
  } catch {
    return false;
  }
}

export function childEnv(env = process.env) {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !OVERRIDING_NPM_CONFIG.test(name)),
  );
}

/**
 * Copies the package's sources without its build/ directory: the build happens in the copy,
 * so node_modules/better-sqlite3/build (the Node-ABI binary) is never read, cleaned or written.
 */
export function copyPackageSource(from, to) {
  const build = join(from, 'build');
  cpSync(from, to, {
    recursive: true,
    filter: (source) => source !== build && !source.startsWith(build + sep),
  });
}

/** npm's own copy of node-gyp: named by npm in scripts it runs, else found next to node. */
function npmBundledNodeGyp(env) {
  const npmDir =
    process.platform === 'win32'
      ? join(dirname(process.execPath), 'node_modules', 'npm')
      : join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  const candidates = [
    env.npm_config_node_gyp,
    join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((file) => file && existsSync(file)) ?? null;
}

/** The two ways to get the addon: a prebuilt download, then a source build. */
export function buildSteps(root, target, env = process.env) {
  const fromPackage = createRequire(join(root, 'node_modules', 'better-sqlite3', 'package.json'));
  const fromRoot = createRequire(join(root, 'package.json'));
  const tryResolve = (req, id) => {
    try {
      return req.resolve(id);
    } catch {
      return null;
    }
  };

  const steps = [];
  const prebuildInstall = tryResolve(fromPackage, 'prebuild-install/bin.js');
  if (prebuildInstall) {
    steps.push({
      label: 'prebuilt download (prebuild-install)',
      command: process.execPath,
      args: [
        prebuildInstall,
        '--runtime',
        'electron',
        '--target',
        target.electron,
        '--arch',
        target.arch,
        '--verbose',
      ],
    });
  }

  const nodeGypArgs = [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${target.electron}`,
    `--arch=${target.arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
  ];
  const nodeGyp = tryResolve(fromRoot, 'node-gyp/bin/node-gyp.js') ?? npmBundledNodeGyp(env);
  steps.push(
    nodeGyp
      ? {
          label: 'source build (node-gyp)',
          command: process.execPath,
          args: [nodeGyp, ...nodeGypArgs],
        }
      : {
          label: 'source build (npx node-gyp)',
          command: process.platform === 'win32' ? 'npx.cmd' : 'npx',
          args: ['--yes', 'node-gyp', ...nodeGypArgs],
          shell: process.platform === 'win32',
        },
  );
  return steps;
}

/** Runs one step with its output on the terminal; returns null on success, else why not. */
export function runStep(step, cwd, env) {
  const result = spawnSync(step.command, step.args, {
    cwd,
    env,
    stdio: 'inherit',
    shell: step.shell ?? false,
  });
  if (result.error) return result.error.message;
  return result.status === 0 ? null : `exited with code ${result.status ?? result.signal}`;
}

/**
 * An Electron-ABI addon cannot load in plain Node (NODE_MODULE_VERSION differs). If this one
 * does, it was built for Node — the mix-up this script exists to prevent. Returns null when
 * the addon is not a Node build, else what is wrong. Probed in a child process, so a bad addon
 * cannot take this script down with it.
 */
export function checkNotNodeAbi(file) {
  const probe = spawnSync(process.execPath, ['-e', 'require(process.argv[1])', file], {
    encoding: 'utf8',
  });
  if (probe.status === 0) {
    return `${file} loads in Node ${process.version}, so it was built for Node's ABI, not Electron's.`;
  }
  return null;
}

function installAddon(root, built, target) {
  const dir = nativeDir(root);
  mkdirSync(dir, { recursive: true });
  const destination = join(dir, ADDON_FILE);
  // Copy then rename, so an interrupted copy never looks like a finished build.
  copyFileSync(built, `${destination}.partial`);
  renameSync(`${destination}.partial`, destination);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(target, null, 2) + '\n');
  return destination;
}

function failureMessage(target, failures) {
  const what = `better-sqlite3 ${target.betterSqlite3} for Electron ${target.electron} (${target.platform}-${target.arch})`;
  return [
    `Could not build ${what}.`,
    ...failures.map(({ label, reason }) => `  - ${label}: ${reason}`),
    '',
    'Both routes need the network: prebuild-install downloads a prebuilt binary from GitHub',
    `releases, and node-gyp downloads Electron's headers from ${ELECTRON_HEADERS_URL}`,
    '(a source build also needs Python and a C++ toolchain).',
    'Fix: run `node scripts/electron-native.js` again with network access. Nothing else changed:',
    '`npm test` and the CLI keep using the Node build in node_modules/better-sqlite3/build.',
  ].join('\n');
}

/**
 * Ensures .native/electron holds a matching build. Returns 'up-to-date' or 'built'; throws an
 * Error whose message says what to do. `run` and `verify` are replaceable for tests.
 */
export function ensureElectronNative({
  root,
  force = false,
  env = process.env,
  run = runStep,
  verify = checkNotNodeAbi,
  log = (line) => console.log(line),
}) {
  const target = readTarget(root);
  if (!force && isUpToDate(root, target)) return 'up-to-date';

  log(
    `Building better-sqlite3 ${target.betterSqlite3} for Electron ${target.electron} (${target.platform}-${target.arch})...`,
  );
  const work = mkdtempSync(join(tmpdir(), 'concordat-electron-native-'));
  try {
    const source = join(work, 'better-sqlite3');
    copyPackageSource(join(root, 'node_modules', 'better-sqlite3'), source);
    const built = join(source, 'build', 'Release', ADDON_FILE);
    const failures = [];
    for (const step of buildSteps(root, target, env)) {
      log(`Trying the ${step.label}...`);
      const reason =
        run(step, source, childEnv(env)) ??
        (existsSync(built) ? verify(built) : 'it produced no addon');
      if (reason === null) {
        const destination = installAddon(root, built, target);
        log(`Wrote ${relative(root, destination)}`);
        return 'built';
      }
      failures.push({ label: step.label, reason });
      rmSync(join(source, 'build'), { recursive: true, force: true });
    }
    throw new Error(failureMessage(target, failures));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const outcome = ensureElectronNative({ root, force: process.argv.includes('--force') });
    if (outcome === 'up-to-date') console.log('better-sqlite3 for Electron is up to date.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
