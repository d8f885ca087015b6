import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { explainGrant, listPrincipals } from '../src/main/core/access/access-queries';
import {
  charterImpactOf,
  charterImpactOfVersion,
} from '../src/main/core/access/charter-impact-query';
import { listGrantPage } from '../src/main/core/access/grant-page-query';
import { countOutOfBounds } from '../src/main/core/access/live-grants';
import type { CharterContent } from '../src/shared/domain/charter';
import { charterOverview, getGoverningCharter } from '../src/main/core/charter/charter-queries';
import { createDemoWorkspace } from '../src/main/core/demo/demo-ecosystem';
import { Workspace } from '../src/main/core/workspace/workspace';
import { serve } from '../e2e/support/serve';
import { percentile, round, timeMs } from './stats';
import { typeWords, type WatchedTable } from './ui-keystroke';

const grantsTable: WatchedTable = {
  table: 'grants-table',
  row: 'grant-row',
  rowKey: 'data-grant-id',
};
/** What a steward types into the grants filter: organisations, roles, dataset words. */
const WORDS = ['riverton', 'cyclo', 'logistics', 'tram', 'parking', 'integration'];
const EXPLAIN_SAMPLES = 5_000;

/** A deterministic sequence, so every run explains the same requests. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** The policy's answer to random requests, as the grant form and `access explain` ask it. */
function explainSamples(ws: Workspace): number[] {
  const charter = getGoverningCharter(ws)?.content;
  if (!charter) throw new Error('no governing charter');
  const principals = listPrincipals(ws).map((p) => p.id);
  const datasets = ws.sqlite.prepare('SELECT id FROM dataset').pluck().all() as string[];
  const random = sequence(7);
  const today = new Date().toISOString().slice(0, 10);
  const samples: number[] = [];
  for (let i = 0; i < EXPLAIN_SAMPLES; i += 1) {
    const request = {
      principalId: pick(principals, random),
      datasetId: pick(datasets, random),
      level: pick(charter.accessLevels, random).id,
      purpose: pick(charter.purposes, random).id,
      until: `${String(Number(today.slice(0, 4)) + 1)}${today.slice(4)}`,
    };
    samples.push(timeMs(() => explainGrant(ws, request, today)));
  }
  return samples;
}

/** Operational data: standard partners down to aggregates, strategic ones down to read. */
function tightenedOperational(charter: CharterContent): CharterContent {
  return {
    ...charter,
    categories: charter.categories.map((category) =>
      category.id === 'operational'
        ? {
            ...category,
            maxAccess: { ...category.maxAccess, standard: 'aggregate', strategic: 'read' },
          }
        : category,
    ),
  };
}

function median(run: () => void, times = 3): number {
  return percentile(
    Array.from({ length: times }, () => timeMs(run)),
    50,
  );
}

/**
 * The access figures at the large workload (`demo --size large`: 10,000 datasets, 200,000
 * grants): the policy's explain, the charter-change analysis over every grant, grant pages, and
 * in Chromium the grants table's filter, keystroke to painted rows.
 */
export async function accessBench(dir: string): Promise<Record<string, number>> {
  if (!existsSync('out/main/cli.js') || !existsSync('out/renderer/index.html')) {
    execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  }
  // CONCORDAT_BENCH_ACCESS names a large demo workspace built before (it takes minutes); its
  // key's passphrase, if it has one, comes from CONCORDAT_PASSPHRASE.
  const kept = process.env.CONCORDAT_BENCH_ACCESS;
  const path = kept ?? join(dir, 'access-large.concordat');
  let buildSeconds = Number.NaN;
  if (!kept || !existsSync(kept)) {
    const started = performance.now();
    createDemoWorkspace(path, { size: 'large' }).close();
    buildSeconds = (performance.now() - started) / 1000;
  }

  const ws = Workspace.open(path, { readOnly: true });
  const figures: Record<string, number> = {};
  try {
    const grants = ws.sqlite.prepare('SELECT count(*) FROM access_grant').pluck().get() as number;
    const explain = explainSamples(ws);
    const overview = charterOverview(ws);
    const proposed = overview.openVersion;
    if (proposed === null) throw new Error('the large demo leaves a version in review');
    const today = new Date().toISOString().slice(0, 10);
    const page = (field: 'untilDay' | 'principalName') => () =>
      listGrantPage(ws, { sort: { field, direction: 'asc' }, offset: 100_000, limit: 100 }, today);
    Object.assign(figures, {
      'access.grants': grants,
      'access.explain_p50_ms': round(percentile(explain, 50), 3),
      'access.explain_p99_ms': round(percentile(explain, 99), 3),
      // A tightening that reaches a quarter of the grants: every grant is read, those in the
      // category it changes are judged under both versions.
      'access.no_new_access_200k_seconds': round(
        median(() => {
          const current = getGoverningCharter(ws)?.content;
          if (!current) throw new Error('no governing charter');
          charterImpactOf(ws, tightenedOperational(current), today);
        }) / 1000,
        3,
      ),
      // The demo's version 3 in review (a new purpose no grant uses yet).
      'access.no_new_access_v3_200k_seconds': round(
        median(() => charterImpactOfVersion(ws, proposed, today)) / 1000,
        3,
      ),
      // A fresh day each run, so the cached set is computed again.
      'access.out_of_bounds_200k_seconds': round(
        median(() => countOutOfBounds(ws, `${today}-${String(Math.random())}`)) / 1000,
        3,
      ),
      'access.grants_page_offset_100k_ms': round(median(page('untilDay'), 5), 1),
      'access.grants_page_by_principal_offset_100k_ms': round(median(page('principalName'), 5), 1),
    });
  } finally {
    ws.close();
  }

  const served = await serve(path, kept ? process.env.CONCORDAT_PASSPHRASE : undefined);
  const browser = await chromium.launch({
    executablePath: process.env.CONCORDAT_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => {
      console.error('page error:', error.message);
    });
    await page.goto(served.url);
    await page.getByTestId('nav-access').click();
    await page.getByTestId('grant-row').first().waitFor();
    const { samples, unchanged } = await typeWords(page, grantsTable, 'grants-search', WORDS);
    console.log(
      `  ${String(samples.length)} keystrokes measured (${String(unchanged)} left the rows unchanged); build ${buildSeconds.toFixed(1)} s`,
    );
    figures['access.grants_table_filter_200k_ms'] = round(percentile(samples, 50), 1);
    figures['access.grants_table_filter_200k_p95_ms'] = round(percentile(samples, 95), 1);
  } finally {
    await browser.close();
    await served.stop();
  }
  if (!Number.isNaN(buildSeconds)) figures['access.build_large_seconds'] = round(buildSeconds, 1);
  return figures;
}
