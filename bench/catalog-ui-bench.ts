import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { createDatasets } from '../src/main/core/catalog/catalog-commands';
import { getCharterVersion } from '../src/main/core/charter/charter-queries';
import { generatedDemoDatasets } from '../src/main/core/demo/demo-datasets';
import { publishOpenCharter } from '../src/main/core/testing/charter-setup';
import { Workspace } from '../src/main/core/workspace/workspace';
import { serve } from '../e2e/support/serve';
import { percentile, round } from './stats';
import { typeWords, type WatchedTable } from './ui-keystroke';

const DATASETS = 100_000;
const BATCH = 2_000;
/** Words a steward types into the filter, one keystroke at a time. */
const WORDS = [
  'tram',
  'parking',
  'air quality',
  'bike share',
  'ferry',
  'ridership',
  'noise',
  'fare',
];

/** 100,000 datasets through the real write path (policy, ledger entries), in batches. */
function buildWorkspace(path: string): number {
  const started = performance.now();
  const ws = Workspace.create(path, {
    organisation: 'Bench Partnership',
    operator: 'Bench Lead',
    roles: ['lead', 'steward'],
  });
  try {
    publishOpenCharter(ws);
    const drafts = generatedDemoDatasets(getCharterVersion(ws, 1).content, DATASETS);
    for (let at = 0; at < drafts.length; at += BATCH) {
      createDatasets(ws, drafts.slice(at, at + BATCH));
    }
  } finally {
    ws.close();
  }
  return (performance.now() - started) / 1000;
}

const catalogTable: WatchedTable = {
  table: 'catalog-table',
  row: 'catalog-row',
  rowKey: 'data-identifier',
};

/**
 * `catalog.filter_100k_ms`: in browser mode, with 100,000 datasets, the time from a keystroke in
 * the catalog filter to the updated rows painted (Debian's Chromium, real server, real FTS5).
 */
export async function catalogUiBench(dir: string): Promise<Record<string, number>> {
  if (!existsSync('out/main/cli.js') || !existsSync('out/renderer/index.html')) {
    execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  }
  // CONCORDAT_BENCH_100K names a workspace this bench built before, to measure again without
  // the build (about two minutes); it is created there when missing.
  const kept = process.env.CONCORDAT_BENCH_100K;
  const path = kept ?? join(dir, 'catalog-100k.concordat');
  const buildSeconds = kept && existsSync(kept) ? Number.NaN : buildWorkspace(path);
  const served = await serve(path);
  const browser = await chromium.launch({
    executablePath: process.env.CONCORDAT_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(served.url);
    await page.getByTestId('nav-catalog').click();
    await page.getByTestId('catalog-row').first().waitFor();
    page.on('pageerror', (error) => {
      console.error('page error:', error.message);
    });
    const { samples, unchanged } = await typeWords(page, catalogTable, 'catalog-search', WORDS);
    console.log(
      `  ${String(samples.length)} keystrokes measured (${String(unchanged)} left the rows unchanged); build ${buildSeconds.toFixed(1)} s`,
    );
    return {
      'catalog.filter_100k_ms': round(percentile(samples, 50), 1),
      'catalog.filter_100k_p95_ms': round(percentile(samples, 95), 1),
      ...(Number.isNaN(buildSeconds)
        ? {}
        : { 'catalog.build_100k_seconds': round(buildSeconds, 1) }),
    };
  } finally {
    await browser.close();
    await served.stop();
  }
}
