/**
 * Run by ledger-bench.ts in a process of its own, so that its peak resident set is that of a
 * verification alone (Node, tsx and the worker threads included), not of the benchmark.
 * Prints one JSON line: {seconds, maxRssMb, ok}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { verifyLedgerFile } from '../src/main/core/ledger-store/verify-parallel';

/**
 * Peak resident set of this process, every thread, in MB. Linux's VmHWM belongs to this
 * program's own address space; getrusage's maxRSS is not used where VmHWM exists, because on
 * Linux it keeps the peak of the process image before exec — the forking benchmark's, which
 * holds a million entries in memory.
 */
function peakRssMb(): number {
  const status = '/proc/self/status';
  const match = existsSync(status)
    ? /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(status, 'utf8'))
    : null;
  return (match ? Number(match[1]) : process.resourceUsage().maxRSS) / 1024;
}

const path = process.argv[2];
if (!path) throw new Error('usage: ledger-verify-child.ts WORKSPACE');
const start = performance.now();
const report = await verifyLedgerFile(path);
const seconds = (performance.now() - start) / 1000;
const maxRssMb = peakRssMb();
process.stdout.write(`${JSON.stringify({ seconds, maxRssMb, ok: report.ok })}\n`);
