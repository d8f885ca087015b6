import type Database from 'better-sqlite3';

/** Commits in a row without an idle moment before the WAL is folded in on the spot. */
const MAX_COMMITS_BETWEEN_CHECKPOINTS = 1_000;
/**
 * Ledger entries written without an idle moment before the WAL is folded in: a synchronous
 * bulk job (an import, `demo --size large`) commits a few large transactions and never lets
 * the idle timer run, and its WAL would otherwise grow by gigabytes.
 */
const MAX_ENTRIES_BETWEEN_CHECKPOINTS = 5_000;
const IDLE_DELAY_MS = 250;

/**
 * Folds the WAL back into the database when the app is idle, instead of SQLite's automatic
 * checkpoint, which lands on whichever commit crosses 1,000 pages and, with synchronous=FULL,
 * makes that interactive command wait for an fsync of the database file (about 1% of commands
 * took over 5 ms). A long burst without a pause still checkpoints every 1,000 commits, so the
 * WAL stays bounded. PASSIVE never blocks readers or writers; what it cannot fold in now waits
 * for the next idle moment.
 */
export class WalCheckpointer {
  private commits = 0;
  private entries = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sqlite: Database.Database) {
    sqlite.pragma('wal_autocheckpoint = 0');
  }

  /** Called after each committed write transaction, with how many ledger entries it wrote. */
  committed(entries = 1): void {
    this.commits += 1;
    this.entries += entries;
    if (
      this.commits >= MAX_COMMITS_BETWEEN_CHECKPOINTS ||
      this.entries >= MAX_ENTRIES_BETWEEN_CHECKPOINTS
    ) {
      this.checkpoint();
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.checkpoint();
    }, IDLE_DELAY_MS);
    // A CLI command that is done should exit, not wait for this.
    this.timer.unref();
  }

  checkpoint(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.commits = 0;
    this.entries = 0;
    if (this.sqlite.open) this.sqlite.pragma('wal_checkpoint(PASSIVE)');
  }

  /** Stops the idle timer; SQLite checkpoints the WAL itself when the last connection closes. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
