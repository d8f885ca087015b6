import { createLogger } from '../log/logger';
import type { Workspace } from '../workspace/workspace';
import { runSync, type SyncReport } from './sync-run';

const log = createLogger('sync-scheduler');

export interface SyncSchedulerOptions {
  /** Called after each round that did something, so the UI can refresh. */
  onRound?: (report: SyncReport) => void;
}

export interface PeriodicSyncOptions {
  /** How often to sync while online; five minutes by default. */
  intervalMs?: number;
  /** Whether the machine has a network (Electron's net.isOnline); assumed so when absent. */
  isOnline?: () => boolean;
}

/**
 * Periodic sync for a running app, and "Sync now". One round at a time: a request while one
 * runs waits for it and gets its report, so clicking twice never sends twice. A round that
 * fails is logged and the timer carries on; the outbox's backoff paces retries.
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SyncReport> | undefined;
  private readonly controller = new AbortController();

  constructor(
    private readonly workspace: () => Workspace | null,
    private readonly options: SyncSchedulerOptions = {},
  ) {}

  start(periodic: PeriodicSyncOptions = {}): void {
    if (this.timer) return;
    const interval = periodic.intervalMs ?? 5 * 60_000;
    this.timer = setInterval(() => {
      if (periodic.isOnline && !periodic.isOnline()) return;
      const ws = this.workspace();
      if (!ws || ws.readOnly || !hasTransports(ws)) return;
      this.syncNow().catch((error: unknown) => {
        log.warn('periodic sync failed', { error });
      });
    }, interval);
    // A pending sync must not keep the process alive at quit.
    this.timer.unref();
  }

  syncNow(): Promise<SyncReport> {
    if (this.running) return this.running;
    const ws = this.workspace();
    if (!ws) return Promise.reject(new Error('No workspace is open.'));
    this.running = runSync(ws, { signal: this.controller.signal })
      .then((report) => {
        if (report.peers.length > 0) this.options.onRound?.(report);
        return report;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.controller.abort();
  }
}

function hasTransports(ws: Workspace): boolean {
  return ws.sqlite.prepare('SELECT 1 FROM peer_transport LIMIT 1').get() !== undefined;
}
