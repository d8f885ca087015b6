/**
 * `npm run test:reliability`: runs the reliability suites with their figures switched on, then
 * prints the figures (issue 7, item 8).
 *
 * Each suite writes `test-results/reliability/<suite>.json` when CONCORDAT_RELIABILITY_FIGURES=1:
 *   { suite, trials, kills, cases, failures, seconds, notes: string[], ...its own detail }
 * This script runs every test under src/main/core/reliability, and any other test file that
 * writes figures, in one vitest run; then it reads whatever figures are there, prints a table
 * and writes test-results/reliability/summary.json. Longer runs: CONCORDAT_CRASH_TRIALS=10000,
 * CONCORDAT_FUZZ_RUNS=..., passed through to the suites.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const FIGURES_ENV = 'CONCORDAT_RELIABILITY_FIGURES';
const figuresDir = join('test-results', 'reliability');
const suiteRoot = join('src', 'main', 'core', 'reliability');
/** The suites issue 7 names; a missing one is reported. */
const expectedSuites = ['crash', 'corruption', 'fuzz'];

interface SuiteFigures {
  suite: string;
  trials: number;
  kills: number;
  cases: number;
  failures: number;
  seconds: number;
  notes?: string[];
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Test files outside the reliability folder that write figures too (the web server's fuzzing). */
function otherFigureWriters(): string[] {
  return testFiles('src').filter(
    (file) =>
      relative(suiteRoot, file).startsWith('..') &&
      /CONCORDAT_RELIABILITY_FIGURES|fuzz-figures/.test(readFileSync(file, 'utf8')),
  );
}

function isFigures(value: unknown): value is SuiteFigures {
  if (typeof value !== 'object' || value === null) return false;
  const figures = value as Record<string, unknown>;
  return (
    typeof figures.suite === 'string' &&
    ['trials', 'kills', 'cases', 'failures', 'seconds'].every(
      (field) => typeof figures[field] === 'number',
    )
  );
}

function readFigures(): SuiteFigures[] {
  if (!existsSync(figuresDir)) return [];
  return readdirSync(figuresDir)
    .filter((name) => name.endsWith('.json') && name !== 'summary.json')
    .flatMap((name) => {
      try {
        const value: unknown = JSON.parse(readFileSync(join(figuresDir, name), 'utf8'));
        return isFigures(value) ? [value] : [];
      } catch {
        console.error(`${join(figuresDir, name)} is not readable JSON; skipped`);
        return [];
      }
    })
    .sort((a, b) => a.suite.localeCompare(b.suite));
}

function printTable(suites: SuiteFigures[]): void {
  const header = ['suite', 'trials', 'kills', 'cases', 'failures', 'seconds'];
  const rows = suites.map((s) => [
    s.suite,
    String(s.trials),
    String(s.kills),
    String(s.cases),
    String(s.failures),
    s.seconds.toFixed(1),
  ]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

// Stale figures would be printed as this run's.
rmSync(figuresDir, { recursive: true, force: true });
mkdirSync(figuresDir, { recursive: true });

const paths = [suiteRoot, ...otherFigureWriters()];
const started = performance.now();
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const vitest = spawnSync(npx, ['vitest', 'run', ...paths], {
  stdio: 'inherit',
  env: { ...process.env, [FIGURES_ENV]: '1' },
});
const seconds = (performance.now() - started) / 1000;

const suites = readFigures();
const sum = (pick: (s: SuiteFigures) => number, which = suites) =>
  which.reduce((total, s) => total + pick(s), 0);
const missing = expectedSuites.filter((name) => !suites.some((s) => s.suite === name));
const summary = {
  trials: sum(
    (s) => s.trials,
    suites.filter((s) => s.kills > 0),
  ),
  kills: sum((s) => s.kills),
  corpusCases: sum(
    (s) => s.cases,
    suites.filter((s) => s.suite === 'corruption'),
  ),
  fuzzCases: sum(
    (s) => s.cases,
    suites.filter((s) => s.suite === 'fuzz'),
  ),
  failures: sum((s) => s.failures),
  seconds: Math.round(seconds * 10) / 10,
  vitestPassed: vitest.status === 0,
  missing,
  suites: suites.map(({ notes: _notes, ...figures }) => figures),
};
writeFileSync(join(figuresDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

console.log('\n=== reliability figures ===');
printTable(suites);
for (const suite of suites) {
  const notes = suite.notes ?? [];
  if (notes.length === 0) continue;
  console.log(`\n${suite.suite}:`);
  for (const note of notes.slice(0, 12)) console.log(`  - ${note}`);
  if (notes.length > 12)
    console.log(`  - ... ${String(notes.length - 12)} more in ${suite.suite}.json`);
}
if (missing.length > 0) console.log(`\nno figures from: ${missing.join(', ')}`);
console.log(
  `\ntrials ${String(summary.trials)} · kills ${String(summary.kills)} · corpus cases ${String(summary.corpusCases)} · fuzz cases ${String(summary.fuzzCases)} · failures ${String(summary.failures)}${vitest.status === 0 ? '' : ' · vitest FAILED'} (${summary.seconds.toFixed(1)} s)`,
);
process.exit(vitest.status === 0 && summary.failures === 0 && missing.length === 0 ? 0 : 1);
