import {
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFilePath, backupsDirFor } from '../core/backup/backup-files';
import { createDataset } from '../core/catalog/catalog-commands';
import { createPublishedWorkspace, sampleDraft } from '../core/testing/charter-setup';
import { testKeyProtection } from '../core/testing/demo-workspace';
import { testSetup, useTempDir } from '../core/testing/temp-dir';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();
const cli = (argv: string[]) => runCliCapturing(argv, {});

function workspace(): string {
  const db = join(tempDir(), 'w.concordat');
  const ws = createPublishedWorkspace(db, testSetup, { keyProtection: testKeyProtection });
  createDataset(ws, sampleDraft({ identifier: 'one', title: 'One' }));
  ws.checkpoint();
  ws.close();
  return db;
}

describe('concordat backup', () => {
  it('create, list, verify, and restore over a damaged workspace, which then verifies', async () => {
    const db = workspace();
    const created = await cli(['backup', 'create', '--db', db, '--json', '--threads', '0']);
    expect(created.code).toBe(0);
    const backup = JSON.parse(created.out) as { id: string; verified: boolean; ledgerSize: number };
    expect(backup).toMatchObject({ verified: true, reason: 'manual' });

    const listed = await cli(['backup', 'list', '--db', db]);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${backup.id}  manual`);
    expect(listed.out).toContain('verified');
    expect((await cli(['backup', 'verify', '--db', db, '--threads', '0'])).code).toBe(0);

    // The workspace is damaged: commands refuse it with its code (the CLI moves nothing).
    truncateSync(db, Math.floor(statSync(db).size / 2));
    const status = await cli(['status', '--db', db]);
    expect(status.code).toBe(1);
    expect(status.err).toContain('[WORKSPACE_CORRUPT]');
    expect(existsSync(db)).toBe(true);

    const unconfirmed = await cli(['backup', 'restore', '--db', db, '--latest']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain('--yes');

    const restored = await cli([
      'backup',
      'restore',
      '--db',
      db,
      '--latest',
      '--yes',
      '--threads',
      '0',
    ]);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(
      `from backup ${backup.id}; it verifies (${backup.ledgerSize} entries)`,
    );
    expect(readdirSync(join(db, '..')).some((name) => /\.replaced-\d{8}T\d{9}Z$/.test(name))).toBe(
      true,
    );
    expect((await cli(['verify', '--db', db, '--deep', '--threads', '0'])).code).toBe(0);
  });

  it('verify fails (exit 1) for a backup that changed on disk; restore refuses it', async () => {
    const db = workspace();
    const created = await cli(['backup', 'create', '--db', db, '--json', '--threads', '0']);
    const { id } = JSON.parse(created.out) as { id: string };
    const file = backupFilePath(backupsDirFor(db), id);
    const bytes = readFileSync(file);
    bytes[200] = (bytes[200] ?? 0) ^ 0x01;
    writeFileSync(file, bytes);

    const verified = await cli(['backup', 'verify', '--db', db, id, '--threads', '0']);
    expect(verified.code).toBe(1);
    expect(verified.out).toContain('FAILED');
    const refused = await cli(['backup', 'restore', '--db', db, id, '--yes', '--threads', '0']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('[BACKUP_INVALID]');
    // With no verified backup left, --latest has nothing to offer.
    const latest = await cli(['backup', 'restore', '--db', db, '--latest', '--yes']);
    expect(latest.code).toBe(2);
  });

  it('explains itself and refuses unknown subcommands', async () => {
    expect((await cli(['help', 'backup'])).out).toContain('backup restore --db PATH');
    expect((await cli(['backup', 'frobnicate'])).code).toBe(2);
  });
});
