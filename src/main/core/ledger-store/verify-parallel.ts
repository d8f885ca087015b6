import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { toHex } from '../ledger/bytes';
import { LedgerError } from '../ledger/errors';
import { Workspace } from '../workspace/workspace';
import { GENESIS_PREV } from './ledger-entry';
import { countProjectionRows, type ProjectionCheck } from './replay';
import type { VerificationReport } from './verification-report';
import { chainBrokenFault, chainEndFault, type LedgerFault } from './verify-chain';
import {
  type ChainLevels,
  type ChainPlan,
  CompactRange,
  foldParts,
  LedgerReader,
  quickCheck,
  type RangeOutcome,
  type RangeTask,
  runVerificationTask,
  type TaskContext,
  type VerificationTask,
  type VerificationTaskResult,
} from './verify-parallel-tasks';
import type { FromWorker, ToWorker, VerificationWorkerData } from './verify-parallel-worker';
import {
  planVerification,
  reportChainAndCheckpoints,
  reportProjections,
  type VerificationPlan,
} from './verify-workspace';

export interface VerificationProgress {
  phase: 'entries' | 'checkpoints' | 'projections';
  done: number;
  total: number;
}

export interface VerifyLedgerFileOptions {
  /** Level 3 as well: replay every entry into a scratch database and compare the tables. */
  deep?: boolean;
  /** Aborting stops the workers and rejects with AppError CANCELLED. */
  signal?: AbortSignal;
  /** At most 20 calls a second, plus the first and last of each phase. */
  onProgress?: (progress: VerificationProgress) => void;
  /** Worker threads (default: every core). 0 verifies on the calling thread, without workers. */
  threads?: number;
  /** better-sqlite3 addon for this runtime, for the workers too (the desktop app's build). */
  nativeBinding?: string;
  /**
   * The node's vkey as the auditor obtained it out of band: checkpoints must verify with it.
   * Without it, the key the ledger registered is used, which a rewrite could have replaced.
   */
  pinnedVkey?: string;
  /** Entries per slice, a power of two (default: chosen from the size). For tests. */
  sliceSize?: number;
}

const PROGRESS_INTERVAL_MS = 50;
const MIN_SLICE = 256;
const MAX_SLICE = 65_536;

/** The file the bundle emits for verify-parallel-worker.ts (electron.vite.config.ts). */
export const WORKER_BUNDLE_FILE = 'ledger-verify-worker.js';
const WORKER_SOURCE_FILE = 'verify-parallel-worker.ts';

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Verification was cancelled; nothing was changed.');
}

/**
 * How to start the worker. Bundled (CLI, desktop): the worker entry sits in out/main, next to the
 * entry chunks or one folder up from a shared chunk. From the TypeScript sources (tsx, vitest) a
 * two-line bootstrap registers tsx's CommonJS hook in the new thread and requires the .ts file:
 * Node 20 does not apply ESM loader hooks (`--import tsx`) to a worker's own modules.
 */
export function resolveWorker(moduleUrl: string = import.meta.url): {
  filename: string | URL;
  options: WorkerOptions;
} {
  if (moduleUrl.endsWith('.ts')) {
    const require = createRequire(moduleUrl);
    const worker = fileURLToPath(new URL(`./${WORKER_SOURCE_FILE}`, moduleUrl));
    const bootstrap = [
      `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();`,
      `require(${JSON.stringify(worker)});`,
    ].join('\n');
    return { filename: bootstrap, options: { eval: true } };
  }
  for (const candidate of [`./${WORKER_BUNDLE_FILE}`, `../${WORKER_BUNDLE_FILE}`]) {
    const url = new URL(candidate, moduleUrl);
    if (existsSync(fileURLToPath(url))) return { filename: url, options: {} };
  }
  throw new Error(`The verification worker ${WORKER_BUNDLE_FILE} is missing beside ${moduleUrl}`);
}

/** Calls onProgress at most every 50 ms, and always at a phase's start and end. */
class ProgressThrottle {
  private last = 0;
  private lastSent = '';
  private phase: VerificationProgress['phase'] | undefined;
  done = 0;
  total = 0;

  constructor(private readonly onProgress?: (progress: VerificationProgress) => void) {}

  start(phase: VerificationProgress['phase'], total: number): void {
    this.phase = phase;
    this.done = 0;
    this.total = total;
    this.emit(true);
  }

  add(count: number): void {
    this.done = Math.min(this.total, this.done + count);
    this.emit(this.done === this.total);
  }

  finish(): void {
    this.done = this.total;
    this.emit(true);
  }

  private emit(force: boolean): void {
    if (!this.onProgress || !this.phase) return;
    const now = performance.now();
    if (!force && now - this.last < PROGRESS_INTERVAL_MS) return;
    const key = `${this.phase}:${this.done}:${this.total}`;
    if (key === this.lastSent) return;
    this.last = now;
    this.lastSent = key;
    this.onProgress({ phase: this.phase, done: this.done, total: this.total });
  }
}

interface Job {
  message: ToWorker;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** Up to `size` workers started on demand; one task per worker at a time, in queue order. */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly data: VerificationWorkerData,
    private readonly onWork: (count: number) => void,
  ) {}

  run<T extends VerificationTask>(task: T): Promise<VerificationTaskResult<T>> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        message: { id: this.nextId++, task },
        resolve: resolve as (result: unknown) => void,
        reject,
      });
      this.dispatch();
    });
  }

  /** Stops every worker at once; their read-only connections close with them. */
  async terminate(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue.splice(0), ...this.running.values()]) job.reject(cancelled());
    this.running.clear();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (!this.closed && this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.workers.length < this.size ? this.spawn() : null);
      if (!worker) return;
      const job = this.queue.shift() as Job;
      this.running.set(worker, job);
      worker.postMessage(job.message);
    }
  }

  private spawn(): Worker {
    const { filename, options } = resolveWorker();
    const worker = new Worker(filename, { ...options, workerData: this.data });
    this.workers.push(worker);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') {
        this.onWork(message.count);
        return;
      }
      const job = this.running.get(worker);
      this.running.delete(worker);
      this.idle.push(worker);
      if (message.type === 'done') job?.resolve(message.result);
      else job?.reject(workerError(message));
      this.dispatch();
    });
    const fail = (error: Error) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      job?.reject(error);
      // A worker that cannot start fails everything waiting: the next would fail the same way.
      for (const queued of this.queue.splice(0)) queued.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`A verification worker stopped (exit code ${code}).`));
    });
    return worker;
  }
}

/** The worker's error as its own class again, so callers can tell what failed by its code. */
function workerError(message: Extract<FromWorker, { type: 'failed' }>): Error {
  if (message.name === 'AppError' && message.code) {
    return new AppError(message.code as AppError['code'], message.message);
  }
  if (message.name === 'LedgerError' && message.code) {
    return new LedgerError(message.code as LedgerError['code'], message.message);
  }
  const error = new Error(message.message);
  error.name = message.name;
  return error;
}

/** Slices of 2^k entries (aligned, so each is one perfect subtree), about 8 per thread. */
function sliceSizeFor(size: number, threads: number): number {
  const target = Math.ceil(size / Math.max(1, threads * 8));
  const power = 2 ** Math.ceil(Math.log2(Math.max(1, target)));
  return Math.min(MAX_SLICE, Math.max(MIN_SLICE, power));
}

function sliceTasks(plan: ChainPlan, sliceSize: number): RangeTask[] {
  const tasks: RangeTask[] = [];
  for (let start = 0; start < plan.size; start += sliceSize) {
    const end = Math.min(plan.size, start + sliceSize);
    tasks.push({
      start,
      end,
      sizes: plan.checkpointSizes.filter((size) => size > start && size <= end),
    });
  }
  return tasks;
}

/**
 * Joins slices verified apart into level 1's verdict over the whole: the chain links between
 * slices, the first fault in position order (an entry's own checks come before its link to the
 * slice before), and the roots, from the slices' perfect subtrees. Null when a slice came up
 * short (a seq is missing, so positions and seqs part ways): one sequential pass decides then.
 */
export function joinSlices(plan: ChainPlan, outcomes: readonly RangeOutcome[]): ChainLevels | null {
  const slices = new CompactRange();
  const roots = new Map<number, Uint8Array>();
  const wanted = new Set(plan.checkpointSizes);
  let tail: Uint8Array[] = [];
  let previous = GENESIS_PREV;
  const rootWith = (parts: readonly Uint8Array[]) => foldParts([...slices.parts, ...parts]);
  for (const outcome of outcomes) {
    const stop = (fault: LedgerFault): ChainLevels => {
      const parts = outcome.prefixes.find(([size]) => size === fault.seq)?.[1] ?? [];
      return { chain: { size: fault.seq, root: rootWith(parts), fault }, roots };
    };
    if (outcome.fault?.seq === outcome.start && outcome.firstPrev === null) {
      return stop(outcome.fault);
    }
    if (outcome.firstPrev !== null && outcome.firstPrev !== previous) {
      return stop(chainBrokenFault(outcome.start));
    }
    if (outcome.fault) return stop(outcome.fault);
    if (outcome.count < outcome.end - outcome.start || outcome.lastHash === null) return null;
    for (const [size, parts] of outcome.prefixes) {
      if (wanted.has(size)) roots.set(size, rootWith(parts));
    }
    // Every slice but the last is a whole perfect subtree. The last one's parts fold onto the
    // slices before as they are: a right fold merges equal levels just as pushing them would.
    const whole = outcome.prefixes.at(-1)?.[1] ?? [];
    if (outcome.end === plan.size) tail = whole;
    else slices.push(whole[0] as Uint8Array);
    previous = toHex(outcome.lastHash);
  }
  const root = rootWith(tail);
  const expected = { size: plan.size, root: plan.expectedRoot };
  return {
    chain: { size: plan.size, root, fault: chainEndFault(plan.size, root, expected) },
    roots,
  };
}

/** Runs tasks on worker threads, or on this thread when threads is 0. */
interface TaskRunner {
  /** How many tasks run at once. */
  parallel: number;
  run<T extends VerificationTask>(task: T): Promise<VerificationTaskResult<T>>;
  close(): Promise<void>;
}

function inlineRunner(context: TaskContext, onWork: (count: number) => void): TaskRunner {
  return {
    parallel: 1,
    run: <T extends VerificationTask>(task: T) =>
      Promise.resolve(runVerificationTask(context, task, onWork) as VerificationTaskResult<T>),
    close: () => Promise.resolve(),
  };
}

/**
 * SQLite's `quick_check` of the file at `path` on a worker thread with its own read-only
 * connection, so a large workspace's check (seconds at hundreds of megabytes) does not hold the
 * caller's thread; on `sqlite` itself when `threads` is 0 or the database lives in memory (read
 * from read-only storage, where a worker could not open the file). 'ok' when it found nothing.
 */
export async function quickCheckFile(
  path: string,
  sqlite: Database.Database,
  options: { threads?: number; nativeBinding?: string } = {},
): Promise<string> {
  if (options.threads === 0 || sqlite.memory) return quickCheck(sqlite);
  const pool = new WorkerPool(
    1,
    { path, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) },
    () => {},
  );
  try {
    return await pool.run({ kind: 'quick-check' });
  } finally {
    await pool.terminate();
  }
}

/**
 * Runs the slices in order, `runner.parallel` at a time plus one queued, and stops starting
 * new ones past the first slice with a fault or a gap: nothing after it can change the verdict.
 * Returns the outcomes up to that slice.
 */
function runSlices(tasks: readonly RangeTask[], runner: TaskRunner): Promise<RangeOutcome[]> {
  const outcomes: RangeOutcome[] = [];
  let last = tasks.length - 1;
  let next = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    const launch = () => {
      while (running <= runner.parallel && next <= last) {
        const index = next++;
        const range = tasks[index] as RangeTask;
        running++;
        runner.run({ kind: 'range', range }).then((outcome) => {
          outcomes[index] = outcome;
          if (outcome.fault || outcome.count < range.end - range.start)
            last = Math.min(last, index);
          running--;
          launch();
        }, reject);
      }
      if (running === 0) resolve(outcomes.slice(0, last + 1));
    };
    launch();
  });
}

async function verifyEntries(
  plan: VerificationPlan,
  runner: TaskRunner,
  progress: ProgressThrottle,
  sliceSize: number,
  guard: <T>(work: Promise<T>) => Promise<T>,
): Promise<ChainLevels> {
  progress.start('entries', plan.size);
  const chainPlan: ChainPlan = {
    size: plan.size,
    expectedRoot: plan.expectedRoot,
    checkpointSizes: plan.checkpointSizes,
  };
  const tasks = sliceTasks(chainPlan, sliceSize);
  const outcomes = await guard(runSlices(tasks, runner));
  let levels = joinSlices(chainPlan, outcomes);
  if (levels === null) {
    progress.start('entries', plan.size);
    levels = await guard(runner.run({ kind: 'sequential', plan: chainPlan }));
  }
  progress.finish();
  return levels;
}

/**
 * Verifies the workspace file at `path` at the levels of ARCHITECTURE.md §3 and returns the
 * same report as verifyWorkspace, using every core for level 1: worker threads verify aligned
 * slices of 2^k entries on their own read-only connections (bytes, shape, seq, chain within
 * the slice, stored leaf hashes, the slice's subtree hashes and the roots at checkpoint sizes
 * inside it); this thread joins the slices' chain links and subtrees into the roots. Memory
 * stays O(slices + log n). The ledger is verified at the size it had when this started; the app
 * may keep appending meanwhile. Deep replay runs on one worker, so the caller's thread stays free.
 */
export async function verifyLedgerFile(
  path: string,
  options: VerifyLedgerFileOptions = {},
): Promise<VerificationReport> {
  const { signal } = options;
  if (signal?.aborted) throw cancelled();
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const ws = Workspace.open(path, { readOnly: true, ...binding });
  const progress = new ProgressThrottle(options.onProgress);
  // A workspace on read-only storage is read into memory (open-database.ts): workers could not
  // open the file themselves.
  const threads = ws.sqlite.memory
    ? 0
    : Math.max(0, Math.floor(options.threads ?? availableParallelism()));
  const context: TaskContext = {
    sqlite: ws.sqlite,
    reader: new LedgerReader(ws.sqlite),
    ...binding,
  };
  const onWork = (count: number) => progress.add(count);
  let runner: TaskRunner | undefined;
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      void runner?.close();
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  const guard = <T>(work: Promise<T>) => Promise.race([work, aborted]);
  try {
    const plan = planVerification(ws, path);
    // A key pinned by the auditor replaces the one the workspace registered.
    if (options.pinnedVkey !== undefined) {
      // A pinned key is the only one trusted, whatever keys the ledger registered.
      plan.vkey = options.pinnedVkey;
      plan.vkeys = [options.pinnedVkey];
    }
    const sliceSize = options.sliceSize ?? sliceSizeFor(plan.size, Math.max(1, threads));
    // Slices must be perfect subtrees for their hashes to join into the tree's.
    if (
      !Number.isInteger(sliceSize) ||
      sliceSize < 1 ||
      sliceSize > 2 ** 30 ||
      (sliceSize & (sliceSize - 1)) !== 0
    ) {
      throw new Error(`sliceSize must be a power of two, not ${sliceSize}`);
    }
    const slices = Math.ceil(plan.size / sliceSize);
    if (threads === 0) {
      runner = inlineRunner(context, onWork);
    } else {
      const workers = Math.max(1, Math.min(threads, slices));
      const pool = new WorkerPool(workers, { path, ...binding }, onWork);
      runner = {
        parallel: workers,
        run: <T extends VerificationTask>(task: T) => pool.run(task),
        close: () => pool.terminate(),
      };
    }
    const levels = await verifyEntries(plan, runner, progress, sliceSize, guard);

    progress.start('checkpoints', plan.checkpoints.length);
    const report = reportChainAndCheckpoints(plan, levels, ws.sqlite);
    progress.finish();
    if (signal?.aborted) throw cancelled();

    if (report.ok && options.deep) {
      progress.start('projections', plan.size + countProjectionRows(ws.sqlite));
      const check: ProjectionCheck = await guard(
        runner.run({ kind: 'projections', verifiedSize: plan.size }),
      );
      progress.finish();
      reportProjections(report, check);
    }
    if (signal?.aborted) throw cancelled();
    return report;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await runner?.close();
    ws.close();
  }
}
