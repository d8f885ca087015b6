import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory holding Concordat's package.json, found by walking up from this module. The
 * same rule works from the TypeScript sources (tests, tsx), from the bundle in out/main, and
 * from inside an Electron asar archive, so migrations/ and resources/ load from one place.
 */
export function findAppRoot(fromUrl: string = import.meta.url): string {
  if (cached && fromUrl === import.meta.url) return cached;
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (parsed.name === 'concordat') {
          if (fromUrl === import.meta.url) cached = dir;
          return dir;
        }
      } catch {
        // An unreadable manifest is not ours; keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot locate the Concordat application directory');
    dir = parent;
  }
}

export function appPath(...segments: string[]): string {
  return join(findAppRoot(), ...segments);
}

export function readAppVersion(): string {
  const parsed = JSON.parse(readFileSync(appPath('package.json'), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
