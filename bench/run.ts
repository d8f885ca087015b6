/**
 * `npm run bench [-- SUITE...]`: measures on real workspace files and merges the figures into
 * bench/results.json (metric name → value). Suites: catalog, catalog-ui, ledger, access, sync
 * (default: all).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessBench } from './access-bench';
import { catalogBench } from './catalog-bench';
import { catalogUiBench } from './catalog-ui-bench';
import { ledgerBench } from './ledger-bench';
import { syncBench } from './sync-bench';

const resultsFile = join(import.meta.dirname, 'results.json');

const suites: Record<string, (dir: string) => Promise<Record<string, number>>> = {
  catalog: catalogBench,
  'catalog-ui': catalogUiBench,
  ledger: ledgerBench,
  access: accessBench,
  sync: syncBench,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !Object.hasOwn(suites, name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown suite(s) ${unknown.join(', ')}; choose from ${Object.keys(suites).join(', ')}.`,
    );
  }
  const results: Record<string, number> = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, number>)
    : {};
  for (const name of names.length > 0 ? names : Object.keys(suites)) {
    const dir = mkdtempSync(join(tmpdir(), `concordat-bench-${name}-`));
    try {
      const started = performance.now();
      const fresh = await (suites[name] as (dir: string) => Promise<Record<string, number>>)(dir);
      Object.assign(results, fresh);
      writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
      for (const [metric, value] of Object.entries(fresh))
        console.log(`${metric.padEnd(36)} ${value}`);
      console.log(`(${name} suite: ${Math.round((performance.now() - started) / 1000)} s)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
