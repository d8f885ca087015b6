/// <reference lib="dom" />
import type { Page } from '@playwright/test';

/** Which table a UI bench watches: its test id, its rows' test id and the row attribute that names a row. */
export interface WatchedTable {
  table: string;
  row: string;
  rowKey: string;
}

interface TableState {
  count: string | null;
  first: string | null;
}

function tableState(page: Page, watched: WatchedTable): Promise<TableState> {
  // Source text, not a function: the bench runs under tsx, whose helpers (`__name`) do not
  // exist in the page.
  return page.evaluate<TableState>(`(() => {
    const table = document.querySelector('[data-testid="${watched.table}"]');
    const first = table?.querySelector('[data-testid="${watched.row}"]');
    return {
      count: table?.getAttribute('aria-rowcount') ?? null,
      first: first?.getAttribute('${watched.rowKey}') ?? null,
    };
  })()`);
}

/** Waits until the table shows settled rows (nothing loading), or its empty state, for a few frames. */
export async function settle(page: Page, watched: WatchedTable): Promise<void> {
  // A function, not source text: waitForFunction would eval text, which the CSP forbids.
  await page.waitForFunction(
    (table) =>
      document.querySelector(`[data-testid="${table}"]`)?.getAttribute('aria-busy') === 'false' ||
      document.querySelector('.empty-state') !== null,
    watched.table,
  );
  await page.waitForTimeout(150);
}

/**
 * One keystroke's latency: from the keydown event to the animation frame after the table shows
 * new, settled rows (a different count or first row, nothing loading): the frame that paints
 * them. Null when the keystroke did not change what the table shows.
 */
export async function keystrokeToPaint(
  page: Page,
  watched: WatchedTable,
  key: string,
): Promise<number | null> {
  const before = await tableState(page, watched);
  await page.evaluate(`window.benchKeydown = undefined;
    document.addEventListener('keydown', () => { window.benchKeydown = performance.now(); },
      { capture: true, once: true });`);
  await page.keyboard.press(key === ' ' ? 'Space' : key);
  const elapsed = await page.evaluate<number | null>(`new Promise((resolve) => {
    const previous = ${JSON.stringify(before)};
    const check = () => {
      const start = window.benchKeydown ?? performance.now();
      const table = document.querySelector('[data-testid="${watched.table}"]');
      const first = table?.querySelector('[data-testid="${watched.row}"]');
      const count = table?.getAttribute('aria-rowcount') ?? null;
      const changed =
        count !== previous.count || (first?.getAttribute('${watched.rowKey}') ?? null) !== previous.first;
      const settled = table ? table.getAttribute('aria-busy') === 'false' : document.querySelector('.empty-state') !== null;
      if (settled && changed) {
        requestAnimationFrame(() => resolve(performance.now() - start));
      } else if (performance.now() - start > 1500) resolve(null);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
  await settle(page, watched);
  return elapsed;
}

/** Types each word into `search` a key at a time; the latencies of the keystrokes that changed the rows. */
export async function typeWords(
  page: Page,
  watched: WatchedTable,
  searchTestId: string,
  words: readonly string[],
): Promise<{ samples: number[]; unchanged: number }> {
  const search = page.getByTestId(searchTestId);
  const samples: number[] = [];
  let unchanged = 0;
  for (const word of words) {
    await search.fill('');
    await settle(page, watched);
    await search.focus();
    for (const key of word) {
      const elapsed = await keystrokeToPaint(page, watched, key);
      if (elapsed === null) unchanged += 1;
      else samples.push(elapsed);
    }
  }
  return { samples, unchanged };
}
