import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findAppRoot } from '../paths/app-root';

/** The shared conformance directory: `../shared/conformance` next to the project root. */
export function conformanceDir(): string {
  return resolve(findAppRoot(), '..', 'shared', 'conformance');
}

export interface ConformanceFile<T> {
  name: string;
  data: T;
}

/** Every JSON file under a conformance subdirectory, sorted by path, for test tables. */
export function readConformanceFiles<T>(subdir: string): ConformanceFile<T>[] {
  const root = join(conformanceDir(), subdir);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) files.push(path);
    }
  };
  walk(root);
  return files.sort().map((path) => ({
    name: relative(root, path),
    data: JSON.parse(readFileSync(path, 'utf8')) as T,
  }));
}
