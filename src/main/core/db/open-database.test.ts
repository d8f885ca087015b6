import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DatasetDraft } from '../../../shared/domain/dataset';
import { sampleDraft, createPublishedWorkspace } from '../testing/charter-setup';
import { createDataset } from '../catalog/catalog-commands';
import { countDatasets } from '../catalog/catalog-queries';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { Workspace } from '../workspace/workspace';
import { CONCORDAT_APPLICATION_ID, openDatabase } from './open-database';
import { thrownCode } from '../testing/thrown-code';

const tempDir = useTempDir();

const draft: DatasetDraft = sampleDraft({ identifier: 'trips', title: 'Trips' });

describe('opening workspace files', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout on every connection', () => {
    const path = join(tempDir(), 'w.concordat');
    createPublishedWorkspace(path, testSetup).close();
    const { sqlite } = openDatabase(path, { busyTimeoutMs: 1234 });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(sqlite.pragma('application_id', { simple: true })).toBe(CONCORDAT_APPLICATION_ID);
    sqlite.close();
  });

  it('refuses a missing file without creating it', () => {
    const path = join(tempDir(), 'missing.concordat');
    expect(thrownCode(() => Workspace.open(path))).toBe('WORKSPACE_NOT_FOUND');
    expect(() => openSync(path, 'r')).toThrow();
  });

  it('refuses a file that is not SQLite', () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'These are not the droids you are looking for.\n'.repeat(10));
    expect(thrownCode(() => Workspace.open(path))).toBe('WORKSPACE_NOT_SQLITE');
  });

  it('refuses a directory', () => {
    const path = join(tempDir(), 'dir.concordat');
    mkdirSync(path);
    expect(thrownCode(() => Workspace.open(path))).toBe('WORKSPACE_NOT_SQLITE');
  });

  it('refuses an SQLite database that is not a Concordat workspace, and leaves it unchanged', () => {
    const path = join(tempDir(), 'other.sqlite');
    const other = new Database(path);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(thrownCode(() => Workspace.open(path))).toBe('WORKSPACE_NOT_CONCORDAT');
    const check = new Database(path, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(
      check
        .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'schema_migrations'")
        .get(),
    ).toEqual({ n: 0 });
    check.close();
  });

  it('refuses a damaged workspace with WORKSPACE_CORRUPT', () => {
    const path = join(tempDir(), 'w.concordat');
    const ws = createPublishedWorkspace(path, testSetup);
    for (let i = 0; i < 50; i += 1) createDataset(ws, { ...draft, identifier: `trips-${i}` });
    ws.close();
    // Overwrite every page after the header page with garbage.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(64 * 1024, 0xab), 0, 64 * 1024, 4096);
    closeSync(fd);
    expect(
      thrownCode(() => {
        const opened = Workspace.open(path);
        try {
          countDatasets(opened);
        } finally {
          opened.close();
        }
      }),
    ).toBe('WORKSPACE_CORRUPT');
  });

  it('reports a workspace locked by another writer as WORKSPACE_LOCKED and writes nothing', () => {
    const path = join(tempDir(), 'w.concordat');
    createPublishedWorkspace(path, testSetup).close();
    const ws = Workspace.open(path, { busyTimeoutMs: 50 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(thrownCode(() => createDataset(ws, draft))).toBe('WORKSPACE_LOCKED');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(countDatasets(ws)).toBe(0);
    ws.close();
  });

  it('refuses to create over an existing file', () => {
    const path = join(tempDir(), 'w.concordat');
    writeFileSync(path, 'precious');
    expect(thrownCode(() => Workspace.create(path, testSetup))).toBe('WORKSPACE_EXISTS');
  });

  it('opens read-only workspaces read-only and refuses writes', () => {
    const path = join(tempDir(), 'w.concordat');
    createPublishedWorkspace(path, testSetup).close();
    const ws = Workspace.open(path, { readOnly: true });
    expect(thrownCode(() => createDataset(ws, draft))).toBe('WORKSPACE_READ_ONLY');
    ws.close();
  });
});
