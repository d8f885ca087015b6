import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ErrorCode } from '../../../../shared/errors';
import { createBackup } from '../../backup/create-backup';
import { backupsDirFor, type BackupManifest } from '../../backup/backup-files';
import { createDataset } from '../../catalog/catalog-commands';
import { loadMigrations } from '../../db/migrations';
import { keyFilePath } from '../../keys/node-key-file';
import { createPublishedWorkspace, sampleDraft } from '../../testing/charter-setup';
import { testKeyProtection } from '../../testing/demo-workspace';
import { Workspace } from '../../workspace/workspace';

/**
 * The corpus of damaged workspaces (issue 7, item 2), generated from one healthy workspace:
 * each case copies it (with its key and backups) and damages the copy the way disks, crashes
 * and people do. The test opens each as the app does and expects it detected, with its code.
 */
export interface CorpusBase {
  dir: string;
  /** A closed, healthy workspace with signed checkpoints, its key and one verified backup. */
  path: string;
  /** The same workspace before its last commits: its ledger is shorter than the backup's. */
  earlier: string;
  backup: BackupManifest;
}

export interface CorpusCase {
  name: string;
  /** What happened to the files. */
  description: string;
  /** The code the app must report. */
  code: ErrorCode;
  /** Whether the files must be moved aside (damage to a file that is ours). */
  movedAside: boolean;
  damage(path: string, base: CorpusBase): void;
}

/** xorshift32: the same "random" garbage on every run, so every case is reproducible. */
function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

function overwrite(path: string, position: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, position);
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `change` on a raw connection, outside Concordat, as someone with a SQLite tool would:
 * the triggers that keep the ledger append-only are dropped for the edit and put back after.
 */
function editBehindItsBack(path: string, change: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    const triggers = db
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'ledger_entry'",
      )
      .all() as { name: string; sql: string }[];
    for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
    change(db);
    for (const { sql } of triggers) db.exec(sql);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * A crash: a copy of the workspace takes a few commits that stay in its -wal (nothing folds
 * them in), then `keep` of its files are copied to `path` while it is still open, as a killed
 * process leaves them; the live copy is closed and removed.
 */
function crashCopy(path: string, keep: { db: boolean; wal: boolean; shm: boolean }): void {
  const live = `${path}.live`;
  copyWorkspace(path, live);
  const ws = Workspace.open(live);
  try {
    for (let i = 0; i < 3; i += 1) {
      createDataset(ws, sampleDraft({ identifier: `after-crash-${i}`, title: `After crash ${i}` }));
    }
    rmSync(path, { force: true });
    if (keep.db) copyFileSync(live, path);
    if (keep.wal) copyFileSync(`${live}-wal`, `${path}-wal`);
    if (keep.shm) copyFileSync(`${live}-shm`, `${path}-shm`);
  } finally {
    ws.close();
    for (const suffix of ['', '-wal', '-shm', '.key']) rmSync(live + suffix, { force: true });
    rmSync(backupsDirFor(live), { recursive: true, force: true });
  }
}

function copyWorkspace(from: string, to: string): void {
  copyFileSync(from, to);
  if (existsSync(keyFilePath(from))) copyFileSync(keyFilePath(from), keyFilePath(to));
  if (existsSync(backupsDirFor(from))) {
    cpSync(backupsDirFor(from), backupsDirFor(to), { recursive: true });
  }
}

function pageSizeOf(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

function overwritePagesAt(fraction: number, seed: number): (path: string) => void {
  return (path) => {
    const pageSize = pageSizeOf(path);
    const pages = statSync(path).size / pageSize;
    const first = Math.max(1, Math.floor(pages * fraction));
    overwrite(path, first * pageSize, garbage(2 * pageSize, seed));
  };
}

export const corruptionCorpus: CorpusCase[] = [
  {
    name: 'truncated-half',
    description: 'the file cut to half its length (a copy or sync that stopped)',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: (path) => truncateSync(path, Math.floor(statSync(path).size / 2 / 4096) * 4096),
  },
  {
    name: 'truncated-mid-page',
    description: 'the file cut short in the middle of its last page',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: (path) => truncateSync(path, statSync(path).size - 1000),
  },
  {
    name: 'overwritten-pages-25',
    description: 'two pages a quarter of the way in overwritten with garbage',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: overwritePagesAt(0.25, 25),
  },
  {
    name: 'overwritten-pages-50',
    description: 'two pages in the middle overwritten with garbage',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: overwritePagesAt(0.5, 50),
  },
  {
    name: 'overwritten-pages-75',
    description: 'two pages three quarters of the way in overwritten with garbage',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: overwritePagesAt(0.75, 75),
  },
  {
    name: 'garbage-header',
    description: 'the 100-byte SQLite header overwritten with garbage',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: (path) => overwrite(path, 0, garbage(100, 100)),
  },
  {
    name: 'garbage-header-fields',
    description: "the header's fields overwritten, its magic string intact",
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: (path) => overwrite(path, 16, garbage(84, 16)),
  },
  {
    name: 'zero-bytes',
    description: 'the file truncated to 0 bytes',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: (path) => truncateSync(path, 0),
  },
  {
    name: 'orphaned-wal',
    description: 'the database file gone after a crash, its -wal (with committed frames) left',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: (path) => crashCopy(path, { db: false, wal: true, shm: true }),
  },
  {
    name: 'deleted-wal-after-crash',
    description: 'after a crash, the -wal holding committed frames deleted (its -shm left)',
    code: 'WORKSPACE_CORRUPT',
    movedAside: true,
    damage: (path) => crashCopy(path, { db: true, wal: false, shm: true }),
  },
  {
    name: 'rolled-back-behind-backup',
    description:
      'an older copy of the file in its place (the -wal and -shm both lost): the latest verified backup holds more entries',
    code: 'LEDGER_DAMAGED',
    movedAside: true,
    damage: (path, base) => copyFileSync(base.earlier, path),
  },
  {
    name: 'ledger-entry-edited',
    description: "a ledger entry's bytes edited with a SQLite tool, its stored hash left alone",
    code: 'LEDGER_DAMAGED',
    movedAside: true,
    damage: (path) =>
      editBehindItsBack(path, (db) => {
        const bytes = db.prepare('SELECT bytes FROM ledger_entry WHERE seq = 5').pluck().get();
        const text = Buffer.from(bytes as Buffer).toString('utf8');
        db.prepare('UPDATE ledger_entry SET bytes = ? WHERE seq = 5').run(
          Buffer.from(text.replace('"seq":5', '"seq":5 ')),
        );
      }),
  },
  {
    name: 'ledger-tail-deleted',
    description: 'the last ledger entries deleted with a SQLite tool',
    code: 'LEDGER_DAMAGED',
    movedAside: true,
    damage: (path) =>
      editBehindItsBack(path, (db) => {
        db.prepare(
          'DELETE FROM ledger_entry WHERE seq >= (SELECT max(seq) - 2 FROM ledger_entry)',
        ).run();
      }),
  },
  {
    name: 'newer-schema',
    description: 'a workspace written by a newer version of Concordat',
    code: 'WORKSPACE_TOO_NEW',
    movedAside: false,
    damage: (path) =>
      editBehindItsBack(path, (db) => {
        db.pragma(`user_version = ${loadMigrations().length + 3}`);
      }),
  },
  {
    name: 'not-sqlite',
    description: 'a text file where the workspace should be',
    code: 'WORKSPACE_NOT_SQLITE',
    movedAside: false,
    damage: (path) => writeFileSync(path, 'Minutes of the partner meeting\n'.repeat(400)),
  },
  {
    name: 'other-sqlite-database',
    description: "another application's SQLite database where the workspace should be",
    code: 'WORKSPACE_NOT_CONCORDAT',
    movedAside: false,
    damage: (path) => {
      rmSync(path);
      const db = new Database(path);
      db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
      db.close();
    },
  },
];

/**
 * Builds the healthy workspace every case starts from: a lead's node with a published charter,
 * datasets, signed checkpoints and a verified backup taken after its last commit, plus a copy
 * of it from before the last commits. Free pages are vacuumed away so that every page of the
 * file is in use and garbage written anywhere is damage.
 */
export async function buildCorpusBase(dir: string): Promise<CorpusBase> {
  const path = join(dir, 'base.concordat');
  const earlier = join(dir, 'earlier.concordat');
  const ws = createPublishedWorkspace(
    path,
    {
      organisation: 'Acme Health',
      operator: 'Ada Lovelace',
      roles: ['lead', 'steward', 'auditor'],
    },
    { keyProtection: testKeyProtection },
  );
  let backup: BackupManifest;
  try {
    const add = (from: number, to: number) => {
      for (let i = from; i < to; i += 1) {
        createDataset(
          ws,
          sampleDraft({
            identifier: `dataset-${i}`,
            title: `Dataset ${i}`,
            description: `Dataset number ${i}. `.repeat(20),
          }),
        );
      }
      ws.checkpoint();
    };
    add(0, 30);
    ws.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(path, earlier);
    add(30, 40);
    ws.sqlite.exec('VACUUM');
    backup = await createBackup(ws, { reason: 'scheduled', threads: 0 });
  } finally {
    ws.close();
  }
  return { dir, path, earlier, backup };
}

/** A fresh copy of the base at `<dir>/<name>.concordat`, damaged as the case says. */
export function makeCorpusCase(base: CorpusBase, entry: CorpusCase): string {
  const path = join(base.dir, `${entry.name}.concordat`);
  copyWorkspace(base.path, path);
  entry.damage(path, base);
  return path;
}
