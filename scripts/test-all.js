// `npm test`: every check in the order CI runs them, then one summary.
// Steps keep going after a failure (so one run reports everything), except that e2e needs a
// successful build. Counts come from the runners' JSON reports; a failed step that is not a
// test runner (lint, typecheck, format, build) counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const resultsDir = 'test-results';
const vitestReport = `${resultsDir}/unit-results.json`;
const e2eReport = `${resultsDir}/e2e-results.json`;
const summaryFile = `${resultsDir}/summary.json`;

mkdirSync(resultsDir, { recursive: true });
for (const file of [vitestReport, e2eReport, summaryFile]) rmSync(file, { force: true });

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const steps = [
  { name: 'lint', cmd: [npx, 'eslint', '.', '--max-warnings', '0'] },
  {
    name: 'typecheck',
    cmd: [npx, 'tsc', '-p', 'tsconfig.node.json', '--noEmit'],
    then: [npx, 'tsc', '-p', 'tsconfig.web.json', '--noEmit'],
  },
  { name: 'format', cmd: [npx, 'prettier', '--check', '.'] },
  {
    name: 'unit',
    cmd: [
      npx,
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
    ],
    report: 'vitest',
  },
  { name: 'build', cmd: [npx, 'electron-vite', 'build'] },
  { name: 'e2e', cmd: [npx, 'playwright', 'test'], report: 'playwright', needs: 'build' },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const outcome = {};

function run([cmd, ...args]) {
  return spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status === 0;
}

/** Adds a runner's counts to the totals; returns how many of its tests failed. */
function countVitest() {
  if (!existsSync(vitestReport)) return 0;
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  totals.passed += report.numPassedTests;
  // A suite that fails to load has no failed tests of its own; count it once.
  const failed = Math.max(report.numFailedTests, report.numFailedTestSuites);
  totals.failed += failed;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  return failed;
}

function countPlaywright() {
  if (!existsSync(e2eReport)) return 0;
  const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
  totals.passed += stats.expected;
  totals.failed += stats.unexpected + stats.flaky;
  totals.skipped += stats.skipped;
  return stats.unexpected + stats.flaky;
}

for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  if (step.needs && !outcome[step.needs]) {
    console.log(`skipped: ${step.needs} failed`);
    outcome[step.name] = false;
    totals.failed += 1;
    continue;
  }
  const started = Date.now();
  let ok = run(step.cmd);
  if (ok && step.then) ok = run(step.then);
  outcome[step.name] = ok;
  const failedTests =
    step.report === 'vitest' ? countVitest() : step.report === 'playwright' ? countPlaywright() : 0;
  // A failed step with no failed test in its report (lint, a crashed runner, a suite that
  // did not load) still counts as one failure.
  if (!ok && failedTests === 0) totals.failed += 1;
  console.log(
    `--- ${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

const failedSteps = Object.entries(outcome)
  .filter(([, ok]) => !ok)
  .map(([name]) => name);
writeFileSync(summaryFile, JSON.stringify({ ...totals, failedSteps }, null, 2));
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(
  `\n${failedSteps.length ? `failed steps: ${failedSteps.join(', ')}\n` : ''}tests: ${totals.passed} passed, ${totals.failed} failed${skipped}`,
);
process.exit(failedSteps.length === 0 ? 0 : 1);
