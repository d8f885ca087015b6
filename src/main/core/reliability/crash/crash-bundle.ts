import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { findAppRoot } from '../../paths/app-root';

export interface CrashBundle {
  /** Node's arguments that start the child (crash-child.ts): `node ...childArgs ...its own`. */
  childArgs: string[];
  /** The check worker's entry (crash-check-worker.ts), for `new Worker(...)`. */
  checkWorker: string;
  dispose(): void;
}

/**
 * Loads the child's CommonJS bundle through V8's code cache: a thousand trials start a thousand
 * children, and each would otherwise compile the same megabyte of JavaScript (about a fifth of
 * its start). The first start writes the cache; a rejected cache is rewritten.
 */
const launcher = `'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');
const file = join(__dirname, 'crash-child.cjs');
const cacheFile = file + '.cache';
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const child = new Module(file, module);
child.filename = file;
script
  .runInThisContext()
  .call(child.exports, child.exports, Module.createRequire(file), child, file, __dirname);
if (cachedData === undefined || script.cachedDataRejected) {
  const temporary = cacheFile + '.' + process.pid;
  writeFileSync(temporary, script.createCachedData());
  renameSync(temporary, cacheFile);
}
`;

/**
 * Bundles the child and the check worker into plain JavaScript: a child started through tsx
 * spends about two seconds compiling TypeScript before its first command, a bundled one a few
 * hundred milliseconds. The bundle sits under node_modules/.cache inside the app, so
 * better-sqlite3 (a native addon, left out of it) and the app's migrations and resources
 * resolve as they do from the sources.
 */
export async function bundleCrashEntries(): Promise<CrashBundle> {
  const cacheDir = join(findAppRoot(), 'node_modules', '.cache', 'concordat-crash');
  removeAbandoned(cacheDir);
  const outdir = join(cacheDir, `${String(process.pid)}-${randomBytes(4).toString('hex')}`);
  mkdirSync(outdir, { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'warning',
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(import.meta.dirname, 'crash-child.ts')],
      outfile: join(outdir, 'crash-child.cjs'),
      format: 'cjs',
      // Less to read and hash at each start; names stay, so stack traces still read.
      minifyWhitespace: true,
      minifySyntax: true,
      // The app finds its root (migrations, resources) from import.meta.url.
      define: { 'import.meta.url': '__crashModuleUrl' },
      banner: { js: "var __crashModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    }),
    build({
      ...common,
      entryPoints: [join(import.meta.dirname, 'crash-check-worker.ts')],
      outfile: join(outdir, 'crash-check-worker.mjs'),
      format: 'esm',
      // Bundled CommonJS packages may call require(); an ES module has none of its own.
      banner: {
        js: "import { createRequire as __crashCreateRequire } from 'node:module'; const require = __crashCreateRequire(import.meta.url);",
      },
    }),
  ]);
  const child = join(outdir, 'crash-child-launch.cjs');
  writeFileSync(child, launcher);
  // A young generation large enough that a child's start collects no garbage (~50 ms less).
  const childArgs = ['--min-semi-space-size=16', child];
  // One start without arguments (a usage error) compiles the bundle and leaves the cache,
  // under the flags every child has (V8 refuses a cache made under others).
  spawnSync(process.execPath, childArgs, { stdio: 'ignore' });
  if (!existsSync(join(outdir, 'crash-child.cjs.cache'))) {
    throw new Error(`the crash child in ${outdir} does not start`);
  }
  return {
    childArgs,
    checkWorker: join(outdir, 'crash-check-worker.mjs'),
    dispose: () => {
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Bundles of runs that were killed before they could remove theirs (named `<pid>-<random>`). */
function removeAbandoned(cacheDir: string): void {
  if (!existsSync(cacheDir)) return;
  for (const name of readdirSync(cacheDir)) {
    const pid = Number(name.split('-')[0]);
    if (Number.isSafeInteger(pid) && pid > 0 && !isRunning(pid)) {
      rmSync(join(cacheDir, name), { recursive: true, force: true });
    }
  }
}
