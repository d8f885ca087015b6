import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../workspace/workspace';
import type { StoredCheckpoint } from './checkpoints';

export const BUNDLE_FILES = {
  entries: 'entries.jsonl',
  checkpoint: 'checkpoint',
  vkey: 'vkey',
} as const;

/**
 * Writes the auditor's bundle (ARCHITECTURE.md §3): entries.jsonl (line i = the exact bytes of
 * entry i), the signed checkpoint covering exactly those entries, and the node's vkey. Anyone
 * can verify it with `concordat verify DIR` or Go's sumdb/note and sumdb/tlog.
 */
export function exportLedger(ws: Workspace, dir: string): StoredCheckpoint {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new AppError('INVALID_INPUT', `${dir} is a file; name a new or empty folder.`);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new AppError('INVALID_INPUT', `${dir} is not empty; export into a new or empty folder.`);
  }
  const vkey = ws.registeredVkey();
  if (vkey === undefined)
    throw new AppError('KEY_MISSING', `${ws.path} has no registered signing key.`);
  const checkpoint = ws.checkpoint();
  mkdirSync(dir, { recursive: true });
  const fd = openSync(join(dir, BUNDLE_FILES.entries), 'wx');
  try {
    const rows = ws.sqlite
      .prepare('SELECT bytes FROM ledger_entry WHERE seq < ? ORDER BY seq')
      .pluck()
      .iterate(checkpoint.size) as IterableIterator<Buffer>;
    const newline = Buffer.from('\n');
    for (const bytes of rows) {
      writeSync(fd, bytes);
      writeSync(fd, newline);
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(join(dir, BUNDLE_FILES.checkpoint), checkpoint.note, { flag: 'wx' });
  writeFileSync(join(dir, BUNDLE_FILES.vkey), `${vkey}\n`, { flag: 'wx' });
  return checkpoint;
}
