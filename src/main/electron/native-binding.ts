import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_ADDON_FILE = 'better_sqlite3.node';
export const BUILD_COMMAND = 'node scripts/electron-native.js';

/**
 * better-sqlite3 built for Electron's ABI. It lives apart from node_modules/better-sqlite3/
 * build, which holds the Node-ABI build `npm test` and the CLI use, so the desktop app and the
 * tests both work on one checkout in either order (ARCHITECTURE.md §7).
 */
export interface NativeBindingContext {
  isPackaged: boolean;
  /** `process.resourcesPath`: electron-builder copies the addon to <resources>/native. */
  resourcesPath: string;
  /** The checkout root (findAppRoot()); the dev build lives in <root>/.native/electron. */
  appRoot: string;
  /** `process.versions.electron`, compared with what scripts/electron-native.js recorded. */
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
}

export class NativeBindingError extends Error {
  override readonly name = 'NativeBindingError';
}

interface BuildMeta {
  electron?: unknown;
  platform?: unknown;
  arch?: unknown;
}

function readMeta(file: string): BuildMeta | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BuildMeta;
  } catch {
    return null;
  }
}

/** Returns the addon path to pass as better-sqlite3's `nativeBinding`, or explains what to do. */
export function resolveNativeBinding(context: NativeBindingContext): string {
  if (context.isPackaged) {
    const file = join(context.resourcesPath, 'native', NATIVE_ADDON_FILE);
    if (!existsSync(file)) {
      throw new NativeBindingError(
        `This installation is incomplete: ${file} is missing. Reinstall Concordat.`,
      );
    }
    return file;
  }

  const dir = join(context.appRoot, '.native', 'electron');
  const file = join(dir, NATIVE_ADDON_FILE);
  if (!existsSync(file)) {
    throw new NativeBindingError(
      `better-sqlite3 has not been built for Electron yet (${file} is missing). ` +
        `Run \`${BUILD_COMMAND}\` (npm start and npm run dev do this for you), then start again.`,
    );
  }
  // A build for another Electron would fail later with an opaque "NODE_MODULE_VERSION" error.
  const meta = readMeta(join(dir, 'meta.json'));
  const wanted = `Electron ${context.electronVersion} (${context.platform}-${context.arch})`;
  if (meta) {
    const built = `Electron ${String(meta.electron)} (${String(meta.platform)}-${String(meta.arch)})`;
    if (built !== wanted) {
      throw new NativeBindingError(
        `${file} was built for ${built}, but this is ${wanted}. Run \`${BUILD_COMMAND}\` again.`,
      );
    }
  }
  return file;
}
