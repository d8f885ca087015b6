/**
 * `npm run bench`: measures on real workspace files and merges the figures into
 * bench/results.json (metric name → value). Later issues add their own suites here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogBench } from './catalog-bench';

const resultsFile = join(import.meta.dirname, 'results.json');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'concordat-bench-'));
  try {
    const results: Record<string, number> = existsSync(resultsFile)
      ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, number>)
      : {};
    const fresh = await catalogBench(dir);
    Object.assign(results, fresh);
    writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
    for (const [name, value] of Object.entries(fresh)) console.log(`${name.padEnd(36)} ${value}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
