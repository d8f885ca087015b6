import { createLogger } from '../log/logger';
import type { Workspace } from '../workspace/workspace';
import { type BackupManifest, listBackupManifests } from './backup-files';
import { createBackup, verifyBackup } from './create-backup';
import type { RetentionPolicy } from './retention';

const log = createLogger('backup-scheduler');

export interface BackupSchedulerOptions {
  nativeBinding?: string;
  /** Worker threads for verifying each copy (default: every core). */
  threads?: number;
  retention?: RetentionPolicy;
  now?: () => Date;
  /** Called after each backup taken and verified, so the UI can refresh its list. */
  onBackup?: (backup: BackupManifest) => void;
}

export interface PeriodicBackupOptions {
  /** How often to look; hourly by default. */
  intervalMs?: number;
  /** The first look after start, once the app has settled; a minute by default. */
  firstDelayMs?: number;
  /** A backup is taken when the ledger changed since the last one, or this much time passed. */
  maxAgeMs?: number;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Scheduled backups for a running app, and "Back up now": one backup (or check) at a time, so
 * a request while one runs waits for it. On each look it first verifies copies still waiting
 * for their check (the one taken before a migration), then takes a backup when the ledger has
 * grown since the last verified backup, or that one is older than `maxAgeMs` (a day). Read-only
 * workspaces are not backed up. A failed backup is logged and the timer carries on.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private maxAgeMs = 24 * HOUR_MS;

  constructor(
    private readonly workspace: () => Workspace | null,
    private readonly options: BackupSchedulerOptions = {},
  ) {}

  start(periodic: PeriodicBackupOptions = {}): void {
    if (this.timer) return;
    this.maxAgeMs = periodic.maxAgeMs ?? this.maxAgeMs;
    const look = () => {
      this.runDue().catch((error: unknown) => {
        log.warn('scheduled backup failed', { error });
      });
    };
    this.first = setTimeout(look, periodic.firstDelayMs ?? 60_000);
    this.timer = setInterval(look, periodic.intervalMs ?? HOUR_MS);
    // A pending backup must not keep the process alive at quit.
    this.first.unref();
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
    this.first = undefined;
    this.timer = undefined;
  }

  /** Resolves once nothing is running (a restore waits for this before closing the file). */
  idle(): Promise<void> {
    return this.queue.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Takes a backup now, after whatever is running. */
  backupNow(reason: 'manual' | 'scheduled' = 'manual'): Promise<BackupManifest> {
    return this.enqueue(() => {
      const ws = this.workspace();
      if (!ws) return Promise.reject(new Error('No workspace is open.'));
      return this.take(ws, reason);
    });
  }

  /** One look: verify waiting copies, then back up if due. Returns the backup taken, if any. */
  runDue(): Promise<BackupManifest | undefined> {
    return this.enqueue(async () => {
      const ws = this.workspace();
      if (!ws || ws.readOnly) return undefined;
      await this.verifyWaiting(ws.path);
      const latest = listBackupManifests(ws.path).find((backup) => backup.verified);
      const now = this.options.now?.() ?? new Date();
      const due =
        !latest ||
        latest.ledgerSize !== ws.ledger.size ||
        now.getTime() - Date.parse(latest.createdAt) >= this.maxAgeMs;
      return due ? this.take(ws, 'scheduled') : undefined;
    });
  }

  private async verifyWaiting(path: string): Promise<void> {
    for (const backup of listBackupManifests(path)) {
      if (backup.verified || backup.problem !== null) continue;
      const checked = await verifyBackup(path, backup.id, this.checkOptions());
      log.info('verified a waiting backup', { id: backup.id, verified: checked.verified });
    }
  }

  private async take(ws: Workspace, reason: 'manual' | 'scheduled'): Promise<BackupManifest> {
    const backup = await createBackup(ws, {
      reason,
      ...this.checkOptions(),
      ...(this.options.retention ? { retention: this.options.retention } : {}),
      ...(this.options.now ? { now: this.options.now } : {}),
    });
    this.options.onBackup?.(backup);
    return backup;
  }

  private checkOptions(): { nativeBinding?: string; threads?: number } {
    return {
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      ...(this.options.threads === undefined ? {} : { threads: this.options.threads }),
    };
  }

  /** Runs `work` when nothing else of this scheduler's runs, and nothing starts meanwhile. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.enqueue(work);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
