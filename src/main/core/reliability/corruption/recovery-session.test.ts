import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFilePath } from '../../keys/node-key-file';
import { configureLogging } from '../../log/logger';
import { createPublishedWorkspace } from '../../testing/charter-setup';
import { testKeyProtection } from '../../testing/demo-workspace';
import { testSetup, useTempDir } from '../../testing/temp-dir';
import { thrownCode } from '../../testing/thrown-code';
import { WorkspaceSession } from '../../workspace/workspace-session';
import { preflightWorkspaceFiles } from './preflight';
import { readRecoveryMarker, recoveryMarkerPath, writeRecoveryMarker } from './recovery-marker';

configureLogging({ sink: () => undefined });
const tempDir = useTempDir();

describe('recovery in the session', () => {
  it('starts afresh once the damaged files are aside, keeping the old key beside them', () => {
    const dir = tempDir();
    const path = join(dir, 'w.concordat');
    createPublishedWorkspace(path, testSetup, { keyProtection: testKeyProtection }).close();
    truncateSync(path, 0);

    const session = new WorkspaceSession(path, { keyProtection: testKeyProtection });
    try {
      expect(session.status()).toMatchObject({ state: 'recovery' });
      expect(readRecoveryMarker(path)?.code).toBe('WORKSPACE_CORRUPT');
      expect(session.create(testSetup)).toMatchObject({ state: 'open' });
      expect(session.require().isUnlocked).toBe(true);
    } finally {
      session.close();
    }
    expect(existsSync(recoveryMarkerPath(path))).toBe(false);
    const names = readdirSync(dir);
    expect(names.some((name) => /^w\.concordat\.damaged-\d{8}T\d{9}Z$/.test(name))).toBe(true);
    expect(names.some((name) => /^w\.concordat\.key\.replaced-\d{8}T\d{9}Z$/.test(name))).toBe(
      true,
    );
    expect(existsSync(keyFilePath(path))).toBe(true);
  });

  it('a file that is not ours stays where it is, and a new workspace is not created over it', () => {
    const path = join(tempDir(), 'w.concordat');
    writeFileSync(path, 'a spreadsheet, perhaps\n'.repeat(100));
    const session = new WorkspaceSession(path);
    try {
      expect(session.status()).toMatchObject({
        state: 'recovery',
        problem: { code: 'WORKSPACE_NOT_SQLITE' },
        movedAside: [],
      });
      expect(thrownCode(() => session.create(testSetup))).toBe('WORKSPACE_EXISTS');
      expect(existsSync(recoveryMarkerPath(path))).toBe(false);
    } finally {
      session.close();
    }
  });

  it('a workspace that opens again ends an earlier recovery', () => {
    const path = join(tempDir(), 'w.concordat');
    createPublishedWorkspace(path, testSetup).close();
    writeRecoveryMarker(path, {
      code: 'WORKSPACE_CORRUPT',
      message: 'old news',
      movedAside: [`${path}.damaged-x`],
      detectedAt: '2025-01-01T00:00:00.000Z',
    });
    const session = new WorkspaceSession(path);
    try {
      expect(session.status().state).toBe('open');
      expect(existsSync(recoveryMarkerPath(path))).toBe(false);
    } finally {
      session.close();
    }
  });
});

describe('the file checks before SQLite opens a file', () => {
  it('takes random binary files for what they are, not for damaged workspaces', () => {
    const dir = tempDir();
    for (let i = 0; i < 20; i += 1) {
      const path = join(dir, `random-${i}.bin`);
      writeFileSync(path, randomBytes(4096 * (2 + (i % 6))));
      expect(thrownCode(() => preflightWorkspaceFiles(path))).toBe('WORKSPACE_NOT_SQLITE');
    }
  });

  it('a missing file with no -wal is simply absent; with a -wal it is damage', () => {
    const path = join(tempDir(), 'w.concordat');
    expect(preflightWorkspaceFiles(path)).toEqual({ state: 'absent' });
    writeFileSync(`${path}-shm`, Buffer.alloc(32768));
    expect(preflightWorkspaceFiles(path)).toEqual({ state: 'absent' });
    writeFileSync(`${path}-wal`, Buffer.alloc(4096 + 32, 1));
    expect(thrownCode(() => preflightWorkspaceFiles(path))).toBe('WORKSPACE_CORRUPT');
  });
});
