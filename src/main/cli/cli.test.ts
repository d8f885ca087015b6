import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/testing/temp-dir';
import { loadMigrations } from '../core/db/migrations';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();

const cli = (...argv: string[]) =>
  runCliCapturing(argv, { CONCORDAT_PASSPHRASE: 'test passphrase 1234' });

describe('concordat CLI', () => {
  it('init creates a workspace and status reads it back as JSON', async () => {
    const db = join(tempDir(), 'acme.concordat');
    const init = await cli(
      'init',
      '--db',
      db,
      '--org',
      'Acme',
      '--operator',
      'Ada',
      '--roles',
      'lead,steward,auditor',
    );
    expect(init).toMatchObject({ code: 0, err: '' });
    const status = await cli('status', '--db', db, '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({
      path: db,
      schemaVersion: loadMigrations().length,
      node: { organisation: 'Acme', operator: 'Ada', roles: ['lead', 'steward', 'auditor'] },
      // Node identity, its key, its first member, charter version 1 drafted from the template.
      counts: { datasets: 0, ledgerEntries: 4 },
    });
  });

  it('demo fills a workspace with a sample ecosystem', async () => {
    const db = join(tempDir(), 'demo.concordat');
    expect((await cli('demo', '--db', db)).code).toBe(0);
    const status = JSON.parse((await cli('status', '--db', db, '--json')).out) as {
      counts: { datasets: number };
    };
    expect(status.counts.datasets).toBeGreaterThanOrEqual(30);
  });

  it('exits 2 with a plain message for bad usage', async () => {
    expect((await cli()).code).toBe(2);
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command') as string,
    });
    expect(await cli('status')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--db is required') as string,
    });
    expect(await cli('status', '--db', 'x', '--bogus')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--bogus') as string,
    });
    const badRoles = await cli(
      'init',
      '--db',
      join(tempDir(), 'x.concordat'),
      '--org',
      'A',
      '--operator',
      'B',
      '--roles',
      'lead,admin',
    );
    expect(badRoles.code).toBe(2);
    expect(badRoles.err).toMatch(/--roles/);
  });

  it('exits 2 for a missing or non-Concordat file and creates nothing', async () => {
    const dir = tempDir();
    const missing = join(dir, 'missing.concordat');
    expect(await cli('status', '--db', missing)).toMatchObject({
      code: 2,
      err: expect.stringContaining('WORKSPACE_NOT_FOUND') as string,
    });
    expect(existsSync(missing)).toBe(false);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello '.repeat(100));
    expect(await cli('status', '--db', text)).toMatchObject({
      code: 2,
      err: expect.stringContaining('WORKSPACE_NOT_SQLITE') as string,
    });
  });

  it('refuses to init over an existing file (exit 2) and leaves it alone', async () => {
    const db = join(tempDir(), 'taken.concordat');
    writeFileSync(db, 'keep me');
    expect(
      (await cli('init', '--db', db, '--org', 'A', '--operator', 'B', '--roles', 'lead')).code,
    ).toBe(2);
    expect(await import('node:fs').then((fs) => fs.readFileSync(db, 'utf8'))).toBe('keep me');
  });

  it('refuses a workspace from a newer version (exit 1) without touching it', async () => {
    const db = join(tempDir(), 'future.concordat');
    expect(
      (await cli('init', '--db', db, '--org', 'A', '--operator', 'B', '--roles', 'lead')).code,
    ).toBe(0);
    const raw = new Database(db);
    raw.pragma('user_version = 99');
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const digest = () => createHash('sha256').update(readFileSync(db)).digest('hex');
    const before = digest();
    const status = await cli('status', '--db', db);
    expect(status.code).toBe(1);
    expect(status.err).toMatch(/newer version of Concordat.*\[WORKSPACE_TOO_NEW\]/s);
    expect(digest()).toBe(before);
  });

  it('prints help for every command', async () => {
    for (const command of ['init', 'status', 'demo', 'serve']) {
      const help = await cli('help', command);
      expect(help.code).toBe(0);
      expect(help.out).toContain(`concordat ${command}`);
    }
  });
});
