/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createDatasets } from '../src/main/core/catalog/catalog-commands';
import { getCharterVersion } from '../src/main/core/charter/charter-queries';
import { generatedDemoDatasets } from '../src/main/core/demo/demo-datasets';
import { publishOpenCharter } from '../src/main/core/testing/charter-setup';
import { Workspace } from '../src/main/core/workspace/workspace';
import { serve } from '../e2e/support/serve';
import { percentile, round } from './stats';

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

interface TableState {
  count: string | null;
  first: string | null;
}

function tableState(page: Page): Promise<TableState> {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid="catalog-table"]');
    const first = table?.querySelector('[data-testid="catalog-row"]');
    return {
      count: table?.getAttribute('aria-rowcount') ?? null,
      first: first?.getAttribute('data-identifier') ?? null,
    };
  });
}

/** Waits until the table shows settled rows (nothing loading) for a few frames. */
async function settle(page: Page): Promise<void> {
  // Rows loaded, or the "no datasets match" state in place of the table.
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="catalog-table"]')?.getAttribute('aria-busy') ===
        'false' || document.querySelector('.empty-state') !== null,
  );
  await page.waitForTimeout(150);
}

/**
 * One keystroke's latency: from the keydown event to the animation frame after the table shows
 * new, settled rows (a different count or first row, nothing loading): the frame that paints
 * them. Null when the keystroke did not change what the table shows.
 */
async function keystrokeToPaint(page: Page, key: string): Promise<number | null> {
  const before = await tableState(page);
  await page.evaluate(`window.benchKeydown = undefined;
    document.addEventListener('keydown', () => { window.benchKeydown = performance.now(); },
      { capture: true, once: true });`);
  await page.keyboard.press(key === ' ' ? 'Space' : key);
  // Passed as source text: the bench runs under tsx, whose helpers (`__name`) do not exist in
  // the page.
  const elapsed = await page.evaluate<number | null>(`new Promise((resolve) => {
    const previous = ${JSON.stringify(before)};
    const check = () => {
      const start = window.benchKeydown ?? performance.now();
      const table = document.querySelector('[data-testid="catalog-table"]');
      const first = table?.querySelector('[data-testid="catalog-row"]');
      const count = table?.getAttribute('aria-rowcount') ?? null;
      const changed =
        count !== previous.count || (first?.getAttribute('data-identifier') ?? null) !== previous.first;
      const settled = table ? table.getAttribute('aria-busy') === 'false' : document.querySelector('.empty-state') !== null;
      if (settled && changed) {
        requestAnimationFrame(() => resolve(performance.now() - start));
      } else if (performance.now() - start > 1500) resolve(null);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
  await settle(page);
  return elapsed;
}

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
    const search = page.getByRole('searchbox').first();
    const samples: number[] = [];
    page.on('pageerror', (error) => {
      console.error('page error:', error.message);
    });
    let unchanged = 0;
    for (const word of WORDS) {
      await search.fill('');
      await settle(page);
      await search.focus();
      for (const key of word) {
        const elapsed = await keystrokeToPaint(page, key);
        if (elapsed === null) unchanged += 1;
        else samples.push(elapsed);
      }
    }
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
