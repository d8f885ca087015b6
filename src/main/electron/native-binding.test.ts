import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/testing/temp-dir';
import { NativeBindingError, resolveNativeBinding } from './native-binding';

const tempDir = useTempDir();
const base = { electronVersion: '42.11.18', platform: 'linux', arch: 'x64' } as const;

function devCheckout(meta?: Record<string, string>): string {
  const root = tempDir();
  const dir = join(root, '.native', 'electron');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'better_sqlite3.node'), 'addon');
  if (meta) writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  return root;
}

describe('resolveNativeBinding', () => {
  it('uses <resources>/native in a packaged app', () => {
    const resources = tempDir();
    mkdirSync(join(resources, 'native'));
    writeFileSync(join(resources, 'native', 'better_sqlite3.node'), 'addon');
    expect(
      resolveNativeBinding({
        ...base,
        isPackaged: true,
        resourcesPath: resources,
        appRoot: '/nowhere',
      }),
    ).toBe(join(resources, 'native', 'better_sqlite3.node'));
  });

  it('says the installation is incomplete when the packaged addon is missing', () => {
    expect(() =>
      resolveNativeBinding({ ...base, isPackaged: true, resourcesPath: tempDir(), appRoot: '/x' }),
    ).toThrow(/installation is incomplete.*Reinstall/);
  });

  it('uses <root>/.native/electron in development, never node_modules', () => {
    const root = devCheckout({
      electron: '42.11.18',
      platform: 'linux',
      arch: 'x64',
      betterSqlite3: '12.11.1',
    });
    const file = resolveNativeBinding({
      ...base,
      isPackaged: false,
      resourcesPath: '',
      appRoot: root,
    });
    expect(file).toBe(join(root, '.native', 'electron', 'better_sqlite3.node'));
    expect(file).not.toContain('node_modules');
  });

  it('tells the developer to run the build script when the dev addon is missing', () => {
    const run = () =>
      resolveNativeBinding({ ...base, isPackaged: false, resourcesPath: '', appRoot: tempDir() });
    expect(run).toThrow(NativeBindingError);
    expect(run).toThrow(/Run `node scripts\/electron-native\.js`/);
  });

  it('refuses a dev addon built for another Electron or platform', () => {
    const root = devCheckout({ electron: '41.0.0', platform: 'linux', arch: 'x64' });
    expect(() =>
      resolveNativeBinding({ ...base, isPackaged: false, resourcesPath: '', appRoot: root }),
    ).toThrow(
      /built for Electron 41\.0\.0 \(linux-x64\), but this is Electron 42\.11\.18 \(linux-x64\)/,
    );
    const arm = devCheckout({ electron: '42.11.18', platform: 'linux', arch: 'arm64' });
    expect(() =>
      resolveNativeBinding({ ...base, isPackaged: false, resourcesPath: '', appRoot: arm }),
    ).toThrow(/Run `node scripts\/electron-native\.js` again/);
  });

  it('accepts a dev addon without meta.json (placed by hand)', () => {
    const root = devCheckout();
    expect(
      resolveNativeBinding({ ...base, isPackaged: false, resourcesPath: '', appRoot: root }),
    ).toMatch(/better_sqlite3\.node$/);
  });
});
