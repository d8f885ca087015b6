import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The figures of the hostile-input suite: how many cases each boundary took, and how many of
 * them broke a promise. Several test files contribute (the contract and the file imports under
 * core, the HTTP server under web); each writes its part, and whichever finishes last leaves
 * `test-results/reliability/fuzz.json` summing the parts of this run.
 */
export const FIGURES_ENV = 'CONCORDAT_RELIABILITY_FIGURES';
/** How many random cases each property runs; raise it for a longer hunt. */
export const FUZZ_RUNS_ENV = 'CONCORDAT_FUZZ_RUNS';

/** `CONCORDAT_FUZZ_RUNS`, or `fallback` (the CI default of the caller). */
export function fuzzRuns(fallback: number): number {
  const raw = Number(process.env[FUZZ_RUNS_ENV]);
  return Number.isInteger(raw) && raw > 0 ? raw : fallback;
}

export interface FuzzFigures {
  suite: 'fuzz';
  /** Cases run, every boundary together. */
  trials: number;
  /** Nothing is killed in this suite; kept so every suite's figures read alike. */
  kills: 0;
  cases: number;
  failures: number;
  seconds: number;
  byBoundary: Record<string, { cases: number; failures: number }>;
  notes: string[];
}

interface FigurePart {
  run: string;
  part: string;
  seconds: number;
  byBoundary: Record<string, { cases: number; failures: number }>;
  notes: string[];
}

/** Counts cases and failures per boundary while a test file runs. */
export class FuzzTally {
  private readonly started = performance.now();
  readonly byBoundary: Record<string, { cases: number; failures: number }> = {};
  readonly notes: string[] = [];

  constructor(readonly part: string) {}

  private entry(boundary: string) {
    this.byBoundary[boundary] ??= { cases: 0, failures: 0 };
    return this.byBoundary[boundary];
  }

  count(boundary: string, cases = 1): void {
    this.entry(boundary).cases += cases;
  }

  fail(boundary: string, message: string): void {
    this.entry(boundary).failures += 1;
    if (this.notes.length < 50) this.notes.push(`${boundary}: ${message.slice(0, 500)}`);
  }

  note(message: string): void {
    this.notes.push(message);
  }

  /** Writes this part and the run's summary, when figures were asked for. */
  write(root = process.cwd()): FuzzFigures | null {
    if (process.env[FIGURES_ENV] !== '1') return null;
    const dir = resolve(root, 'test-results', 'reliability');
    const partsDir = join(dir, 'fuzz-parts');
    mkdirSync(partsDir, { recursive: true });
    const part: FigurePart = {
      run: runId(),
      part: this.part,
      seconds: (performance.now() - this.started) / 1000,
      byBoundary: this.byBoundary,
      notes: this.notes,
    };
    return withLock(join(dir, 'fuzz.lock'), () => {
      writeAtomically(join(partsDir, `${this.part}.json`), part);
      const parts = readdirSync(partsDir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => JSON.parse(readFileSync(join(partsDir, name), 'utf8')) as FigurePart)
        .filter((candidate) => candidate.run === part.run);
      const figures = summarise(parts);
      writeAtomically(join(dir, 'fuzz.json'), figures);
      return figures;
    });
  }
}

/** The same for every test file of one vitest run: the runner's process (forks or threads). */
function runId(): string {
  return process.env.CONCORDAT_FUZZ_RUN_ID ?? String(process.ppid);
}

function summarise(parts: FigurePart[]): FuzzFigures {
  const byBoundary: FuzzFigures['byBoundary'] = {};
  let cases = 0;
  let failures = 0;
  let seconds = 0;
  const notes: string[] = [];
  for (const part of parts.sort((a, b) => a.part.localeCompare(b.part))) {
    seconds += part.seconds;
    notes.push(...part.notes);
    for (const [boundary, figures] of Object.entries(part.byBoundary)) {
      byBoundary[boundary] = figures;
      cases += figures.cases;
      failures += figures.failures;
    }
  }
  return {
    suite: 'fuzz',
    trials: cases,
    kills: 0,
    cases,
    failures,
    seconds: Math.round(seconds * 10) / 10,
    byBoundary,
    notes: [
      `parts: ${parts.map((part) => part.part).join(', ')}; seconds add up the parts' test time`,
      ...notes,
    ],
  };
}

function writeAtomically(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 2) + '\n');
  renameSync(temporary, path);
}

/** A directory as a lock between test files running in parallel processes. */
function withLock<T>(path: string, run: () => T): T {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) {
        // A lock left by a killed run: take it over rather than lose the figures.
        if (existsSync(path) && Date.now() > deadline) break;
        throw error;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    return run();
  } finally {
    rmdirSync(path, { recursive: false });
  }
}
