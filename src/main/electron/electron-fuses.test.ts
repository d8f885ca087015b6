import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../core/paths/app-root';

/**
 * The top-level scalar settings of electron-builder.yml and the keys of one of its blocks. A
 * deliberately small reader: the file is ours and plain, and a test that pulls in a YAML
 * library through electron-builder's dependencies would break when they change.
 */
function readBuilderConfig(): {
  top: Map<string, string>;
  block: (name: string) => Map<string, string>;
} {
  const lines = readFileSync(join(findAppRoot(), 'electron-builder.yml'), 'utf8').split('\n');
  const scalar = /^(\s*)([A-Za-z][\w-]*):\s*(.*?)\s*(?:#.*)?$/;
  const top = new Map<string, string>();
  for (const line of lines) {
    const match = scalar.exec(line);
    if (match && match[1] === '') top.set(match[2] ?? '', match[3] ?? '');
  }
  const block = (name: string) => {
    const values = new Map<string, string>();
    const start = lines.findIndex((line) => line === `${name}:`);
    if (start < 0) return values;
    for (const line of lines.slice(start + 1)) {
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const match = scalar.exec(line);
      if (!match || match[1] === '') break;
      values.set(match[2] ?? '', match[3] ?? '');
    }
    return values;
  };
  return { top, block };
}

describe('electron-builder configuration', () => {
  const config = readBuilderConfig();

  it('flips the Electron fuses an attacker with local access would use', () => {
    const fuses = config.block('electronFuses');
    // Off: running the binary as plain Node, NODE_OPTIONS, and --inspect/--inspect-brk.
    expect(fuses.get('runAsNode')).toBe('false');
    expect(fuses.get('enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(fuses.get('enableNodeCliInspectArguments')).toBe('false');
    // On: only the signed app.asar runs, its integrity is checked, cookies are encrypted.
    expect(fuses.get('onlyLoadAppFromAsar')).toBe('true');
    expect(fuses.get('enableEmbeddedAsarIntegrityValidation')).toBe('true');
    expect(fuses.get('enableCookieEncryption')).toBe('true');
    // The renderer comes from app://; file:// keeps no extra powers.
    expect(fuses.get('grantFileProtocolExtraPrivileges')).toBe('false');
  });

  it('packs the app into an asar archive (which the asar fuses rely on)', () => {
    expect(config.top.get('asar')).toBe('true');
  });

  it('names only fuses electron-builder knows', () => {
    const known = new Set([
      'runAsNode',
      'enableCookieEncryption',
      'enableNodeOptionsEnvironmentVariable',
      'enableNodeCliInspectArguments',
      'enableEmbeddedAsarIntegrityValidation',
      'onlyLoadAppFromAsar',
      'loadBrowserProcessSpecificV8Snapshot',
      'grantFileProtocolExtraPrivileges',
      'resetAdHocDarwinSignature',
    ]);
    const named = [...config.block('electronFuses').keys()];
    expect(named.length).toBeGreaterThanOrEqual(6);
    for (const name of named) expect(known, name).toContain(name);
  });
});
