import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { keyFilePath } from '../../keys/node-key-file';
import type { CheckRequest, CheckResponse } from './crash-check-worker';
import type { CheckInput, CheckOutcome } from './crash-checks';
import {
  type AckLine,
  type CommandLine,
  type CrashCommandKind,
  type FixtureManifest,
  fixtureFiles,
  parseChildLine,
} from './crash-protocol';
import { Random, trialSeed } from './random';

/**
 * How the harness picks the moment to kill: `startup` at a random time from spawn (while the
 * workspace opens, the WAL is recovered, a key swap is finished); `random` at a random time
 * after the child is ready; `targeted` at a random point inside one command of a chosen kind
 * (the child is asked to run it soon), so kills land inside bulk imports, snapshot imports,
 * rotations and checkpoint signing, not only between short commands.
 */
export type KillStrategy = 'startup' | 'random' | 'targeted';

export interface CrashRunOptions {
  trials: number;
  /** Children running at once, each on a workspace of its own. */
  lanes: number;
  /** Trials on one workspace (state accumulates) before it is replaced by a fresh copy. */
  freshEvery: number;
  seed: number;
  /** Where lanes keep their workspaces; failing ones are copied to `keepFailuresIn`. */
  workDir: string;
  fixtureDir: string;
  fixture: FixtureManifest;
  bundle: { childArgs: string[]; checkWorker: string };
  keepFailuresIn?: string;
  /** Called after each trial (progress). */
  onTrial?: (trial: TrialRecord) => void;
}

export interface TrialRecord {
  trial: number;
  lane: number;
  seed: number;
  /** Trials this lane's workspace had been through before this one (0: fresh). */
  age: number;
  strategy: KillStrategy;
  focus: CrashCommandKind | null;
  /** Milliseconds from spawn to the kill; null when the child ended by itself. */
  killedAfterMs: number | null;
  /** What the child was doing when it died: a command's kind, or that it had not started. */
  during: CrashCommandKind | 'startup' | 'between';
  /** CPU time the child used before it was killed (Linux; null elsewhere). */
  childCpuMs: number | null;
  /** Commands acknowledged in this trial. */
  acknowledged: number;
  ledgerSize: number;
  inFlightLanded: boolean | null;
  leftovers: string[];
  checkMs: number;
  problems: string[];
}

export interface CrashRunFigures {
  trials: number;
  kills: number;
  /** Acknowledged commands, each found again after every later kill on its workspace. */
  acknowledged: number;
  failures: TrialRecord[];
  seconds: number;
  killedDuring: Record<string, number>;
  strategies: Record<KillStrategy, number>;
  /** Interrupted bulk commands whose records were all there (committed before the ack)... */
  interruptedBulkLanded: number;
  /** ...and those that left none. */
  interruptedBulkAbsent: number;
  leftovers: Record<string, number>;
  maxLedgerSize: number;
  meanCheckMs: number;
  meanChildCpuMs: number | null;
}

const focusWeights: Readonly<Record<CrashCommandKind, number>> = {
  'create-dataset': 1,
  'add-principal': 1,
  'request-grant': 1,
  'approve-grant': 1,
  'revoke-grant': 1,
  'catalog-import': 4,
  'request-grants': 4,
  'approve-grants': 3,
  'snapshot-import': 4,
  'issue-snapshot': 2,
  checkpoint: 2,
  'key-rotation': 3,
  idle: 1,
};

/** Starting guesses of each command's duration (ms); measured durations replace them. */
const initialDurations: Readonly<Record<CrashCommandKind, number>> = {
  'create-dataset': 5,
  'add-principal': 5,
  'request-grant': 5,
  'approve-grant': 5,
  'revoke-grant': 5,
  'catalog-import': 150,
  'request-grants': 150,
  'approve-grants': 150,
  'snapshot-import': 100,
  'issue-snapshot': 30,
  checkpoint: 5,
  'key-rotation': 20,
  idle: 200,
};

const READY_TIMEOUT_MS = 20_000;
const FOCUS_TIMEOUT_MS = 3_000;
const EXIT_TIMEOUT_MS = 10_000;

/** Running estimates of how long each command takes in the child, from its own lines. */
class DurationEstimates {
  private readonly ms = new Map<CrashCommandKind, number>(
    Object.entries(initialDurations) as [CrashCommandKind, number][],
  );

  observe(kind: CrashCommandKind, ms: number): void {
    const previous = this.ms.get(kind) ?? ms;
    this.ms.set(kind, previous * 0.8 + ms * 0.2);
  }

  get(kind: CrashCommandKind): number {
    return this.ms.get(kind) ?? 10;
  }
}

interface ChildRun {
  killedAfterMs: number | null;
  cpuMs: number | null;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  acks: AckLine[];
  inFlight: CommandLine | null;
  during: TrialRecord['during'];
  stderr: string;
  /** What went wrong in the child's run itself (it died on its own, said something odd). */
  problems: string[];
}

/** A process's CPU time so far, user and system, from /proc (Linux only). */
function cpuTimeMs(pid: number): number | null {
  try {
    // After the command name: state is the 1st field, utime the 12th, stime the 13th (ticks).
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** One child: spawned, watched line by line, killed with SIGKILL when the plan says. */
function runChild(
  options: CrashRunOptions,
  workspace: string,
  seed: number,
  random: Random,
  strategy: KillStrategy,
  focus: CrashCommandKind | null,
  durations: DurationEstimates,
): Promise<ChildRun> {
  const args = [
    ...options.bundle.childArgs,
    '--workspace',
    workspace,
    '--fixtures',
    options.fixtureDir,
    '--seed',
    String(seed),
  ];
  // Usually the first command, now and then the second (with one before it in this life).
  const focusAt = random.chance(0.2) ? 1 : 0;
  if (focus) args.push('--focus', focus, '--focus-at', String(focusAt));
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const run: ChildRun = {
    killedAfterMs: null,
    cpuMs: null,
    exit: { code: null, signal: null },
    acks: [],
    inFlight: null,
    during: 'startup',
    stderr: '',
    problems: [],
  };
  const begun = new Map<CrashCommandKind, number>();
  let commands = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ready = false;

  const kill = () => {
    clearTimeout(timer);
    if (run.killedAfterMs !== null || child.exitCode !== null) return;
    run.killedAfterMs = performance.now() - started;
    if (child.pid !== undefined) run.cpuMs = cpuTimeMs(child.pid);
    child.kill('SIGKILL');
  };
  const killIn = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(kill, Math.max(0, ms));
  };

  const onLine = (text: string) => {
    let line;
    try {
      line = parseChildLine(text);
    } catch (error) {
      run.problems.push(String(error));
      return;
    }
    const now = performance.now();
    switch (line.type) {
      case 'ready':
        ready = true;
        run.during = 'between';
        if (strategy === 'random') killIn(random.int(0, 150));
        if (strategy === 'targeted') killIn(FOCUS_TIMEOUT_MS);
        return;
      case 'begin':
        run.inFlight = { kind: line.kind, subject: line.subject, count: line.count };
        run.during = line.kind;
        begun.set(line.kind, now);
        // Inside the focus command, or what the child ran instead when it had nothing to do.
        if (strategy === 'targeted' && commands === focusAt && run.killedAfterMs === null) {
          // Somewhere inside it, by the time such commands have been taking; a third of the
          // time near its commit (the WAL sync, a key swap, the acknowledgement).
          const share = random.chance(1 / 3) ? 0.8 + random.next() * 0.5 : random.next() * 1.2;
          killIn(share * durations.get(line.kind));
        }
        commands += 1;
        return;
      case 'committed': {
        const { type: _type, ...ack } = line;
        run.acks.push(ack);
        run.inFlight = null;
        run.during = 'between';
        const since = begun.get(line.kind);
        if (since !== undefined) durations.observe(line.kind, now - since);
        return;
      }
    }
  };

  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (run.stderr.length < 20_000) run.stderr += chunk;
  });

  if (strategy === 'startup') killIn(random.int(20, 450));
  const readyTimeout = setTimeout(() => {
    if (!ready) {
      run.problems.push(`the child was not ready within ${String(READY_TIMEOUT_MS)} ms`);
      kill();
    }
  }, READY_TIMEOUT_MS);

  return new Promise((resolve) => {
    const exitTimeout = setTimeout(
      () => {
        run.problems.push('the child outlived its trial');
        kill();
      },
      READY_TIMEOUT_MS + FOCUS_TIMEOUT_MS + EXIT_TIMEOUT_MS,
    );
    // 'close' comes after the pipes are drained: every line the child wrote has been read.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(readyTimeout);
      clearTimeout(exitTimeout);
      if (pending !== '') run.problems.push(`the child left a partial line: ${pending}`);
      run.exit = { code, signal };
      if (run.killedAfterMs === null || signal !== 'SIGKILL') {
        run.problems.push(
          `the child ended by itself (code ${String(code)}, signal ${String(signal)}): ${run.stderr.trim().slice(-2000)}`,
        );
      }
      resolve(run);
    });
  });
}

/** A thread that runs checkAfterKill for one lane. */
class CheckThread {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, (response: CheckResponse) => void>();

  constructor(entry: string) {
    this.worker = new Worker(entry);
    this.worker.on('message', (response: CheckResponse) => {
      this.waiting.get(response.id)?.(response);
      this.waiting.delete(response.id);
    });
    this.worker.on('error', (error) => {
      for (const [id, resolve] of this.waiting) {
        resolve({
          id,
          ms: 0,
          outcome: {
            problems: [`the check thread failed: ${String(error)}`],
            ledgerSize: 0,
            inFlightLanded: null,
            leftovers: [],
          },
        });
      }
      this.waiting.clear();
    });
  }

  check(input: CheckInput): Promise<CheckResponse> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const request: CheckRequest = { id, input };
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Replaces a lane's workspace (and its key, and any key-swap leftovers) with the template's. */
function freshWorkspace(laneDir: string, fixtureDir: string): string {
  rmSync(laneDir, { recursive: true, force: true });
  mkdirSync(laneDir, { recursive: true });
  const workspace = join(laneDir, 'lane.concordat');
  const template = join(fixtureDir, fixtureFiles.template);
  copyFileSync(template, workspace);
  copyFileSync(keyFilePath(template), keyFilePath(workspace));
  return workspace;
}

function pickStrategy(random: Random): KillStrategy {
  return random.weighted({ startup: 5, random: 35, targeted: 60 });
}

/**
 * Runs `trials` kill-and-check trials over `lanes` workspaces at once. Each trial starts a
 * child on its lane's workspace, kills it, and checks the workspace on the lane's thread; a
 * lane's workspace accumulates state until `freshEvery` trials have run on it, or a trial fails
 * (the failing workspace is kept in `keepFailuresIn` as the checks left it, and a fresh copy
 * goes on).
 */
export async function runCrashTrials(options: CrashRunOptions): Promise<CrashRunFigures> {
  const started = performance.now();
  const durations = new DurationEstimates();
  const records: TrialRecord[] = [];
  let keptFailures = 0;

  const lane = async (index: number) => {
    const laneDir = join(options.workDir, `lane-${String(index)}`);
    const checker = new CheckThread(options.bundle.checkWorker);
    let workspace = freshWorkspace(laneDir, options.fixtureDir);
    let acks: AckLine[] = [];
    let age = 0;
    try {
      // Lane i runs trials i, i + lanes, ...: which trials share a workspace, and their seeds,
      // follow from the run's seed and the lane count alone (a failure can be replayed).
      for (let trial = index; trial < options.trials; trial += options.lanes) {
        if (age >= options.freshEvery) {
          workspace = freshWorkspace(laneDir, options.fixtureDir);
          acks = [];
          age = 0;
        }
        const seed = trialSeed(options.seed, trial);
        // The child draws from `seed` too; the harness's own choices from another stream.
        const random = new Random(seed ^ 0x2545f491);
        const strategy = pickStrategy(random);
        const focus = strategy === 'targeted' ? random.weighted(focusWeights) : null;
        const run = await runChild(options, workspace, seed, random, strategy, focus, durations);
        acks.push(...run.acks);
        const { outcome, ms } = await checker.check({
          path: workspace,
          peerId: options.fixture.peerId,
          acks,
          inFlight: run.inFlight,
        });
        const record = trialRecord(trial, index, seed, age, strategy, focus, run, outcome, ms);
        records.push(record);
        options.onTrial?.(record);
        age += 1;
        if (record.problems.length > 0) {
          if (options.keepFailuresIn && keptFailures < 5) {
            keptFailures += 1;
            const kept = join(
              options.keepFailuresIn,
              `trial-${String(trial)}-seed-${String(seed)}`,
            );
            mkdirSync(kept, { recursive: true });
            for (const file of readdirSync(laneDir)) {
              cpSync(join(laneDir, file), join(kept, file), { recursive: true });
            }
          }
          age = options.freshEvery;
        }
      }
    } finally {
      await checker.close();
    }
  };

  await Promise.all(Array.from({ length: options.lanes }, (_, index) => lane(index)));
  return figuresOf(records, (performance.now() - started) / 1000);
}

function trialRecord(
  trial: number,
  lane: number,
  seed: number,
  age: number,
  strategy: KillStrategy,
  focus: CrashCommandKind | null,
  run: ChildRun,
  outcome: CheckOutcome,
  checkMs: number,
): TrialRecord {
  return {
    trial,
    lane,
    seed,
    age,
    strategy,
    focus,
    killedAfterMs: run.killedAfterMs,
    childCpuMs: run.cpuMs,
    during: run.during,
    acknowledged: run.acks.length,
    ledgerSize: outcome.ledgerSize,
    inFlightLanded: outcome.inFlightLanded,
    leftovers: outcome.leftovers,
    checkMs,
    problems: [...run.problems, ...outcome.problems],
  };
}

function figuresOf(records: TrialRecord[], seconds: number): CrashRunFigures {
  const cpu = records.flatMap((r) => (r.childCpuMs === null ? [] : [r.childCpuMs]));
  const count = (keys: string[]) => {
    const counts: Record<string, number> = {};
    for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  };
  return {
    trials: records.length,
    kills: records.filter((r) => r.killedAfterMs !== null).length,
    acknowledged: records.reduce((sum, r) => sum + r.acknowledged, 0),
    failures: records.filter((r) => r.problems.length > 0),
    seconds,
    killedDuring: count(records.map((r) => r.during)),
    strategies: { startup: 0, random: 0, targeted: 0, ...count(records.map((r) => r.strategy)) },
    interruptedBulkLanded: records.filter((r) => r.inFlightLanded === true).length,
    interruptedBulkAbsent: records.filter((r) => r.inFlightLanded === false).length,
    leftovers: count(records.flatMap((r) => r.leftovers)),
    maxLedgerSize: Math.max(0, ...records.map((r) => r.ledgerSize)),
    meanCheckMs: records.reduce((sum, r) => sum + r.checkMs, 0) / Math.max(1, records.length),
    meanChildCpuMs: cpu.length > 0 ? cpu.reduce((sum, ms) => sum + ms, 0) / cpu.length : null,
  };
}
