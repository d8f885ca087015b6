import { existsSync, renameSync } from 'node:fs';
import { SIDE_FILE_SUFFIXES } from './preflight';

/** Why files are moved aside: damage found on open, or a restore putting a backup in place. */
export type MoveAsideReason = 'damaged' | 'replaced';

/** `2025-03-01T09:30:00.123Z` → `20250301T093000123Z`: sortable, and valid in every file system. */
export function fileStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/**
 * Moves a workspace file and its -wal/-shm aside, as `<name>.damaged-<stamp>` (`-wal`/`-shm`
 * kept as suffixes, so SQLite tools still pair them), and returns where each went. Nothing is
 * ever deleted: the files stay beside the workspace as evidence and for manual rescue. The main
 * file goes first, so the workspace's path is free as soon as possible.
 */
export function moveAside(path: string, reason: MoveAsideReason, at: Date = new Date()): string[] {
  let base = `${path}.${reason}-${fileStamp(at)}`;
  for (let n = 2; [base, ...SIDE_FILE_SUFFIXES.map((s) => base + s)].some(existsSync); n += 1) {
    base = `${path}.${reason}-${fileStamp(at)}-${n}`;
  }
  const moved: string[] = [];
  for (const suffix of ['', ...SIDE_FILE_SUFFIXES]) {
    const from = path + suffix;
    if (!existsSync(from)) continue;
    const to = base + suffix;
    renameSync(from, to);
    moved.push(to);
  }
  return moved;
}
