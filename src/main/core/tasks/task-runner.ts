import type { AppEvent } from '../../../shared/contract/events';
import { AppError } from '../../../shared/errors';

export interface TaskContext {
  signal: AbortSignal;
  /** Reports progress; throttled here, so callers may report as often as they like. */
  progress: (label: string, done: number, total: number) => void;
}

const MAX_RUNNING = 4;
const PROGRESS_INTERVAL_MS = 100;

/**
 * Long work the UI starts and may cancel (verification, exports). The renderer names each run
 * with its own id so it can match progress events and ask for a cancel before the answer
 * arrives; progress goes out as `task.progress` events at most ten times a second per task.
 */
export class TaskRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: (event: AppEvent) => void) {}

  async run<T>(taskId: string, work: (context: TaskContext) => Promise<T>): Promise<T> {
    if (this.running.has(taskId)) {
      throw new AppError('CONFLICT', `Task ${taskId} is already running.`);
    }
    if (this.running.size >= MAX_RUNNING) {
      throw new AppError(
        'CONFLICT',
        `${MAX_RUNNING} long tasks are already running; wait for one to finish or cancel it.`,
      );
    }
    const controller = new AbortController();
    this.running.set(taskId, controller);
    let lastSent = 0;
    const progress = (label: string, done: number, total: number) => {
      const now = Date.now();
      if (done < total && now - lastSent < PROGRESS_INTERVAL_MS) return;
      lastSent = now;
      this.emit({ name: 'task.progress', payload: { taskId, label, done, total } });
    };
    try {
      return await work({ signal: controller.signal, progress });
    } finally {
      this.running.delete(taskId);
    }
  }

  /** Asks a running task to stop; false when no such task is running (it may have finished). */
  cancel(taskId: string): boolean {
    const controller = this.running.get(taskId);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
