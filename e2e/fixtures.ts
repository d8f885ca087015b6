import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page, test as base } from '@playwright/test';
import { runCli } from './support/cli';
import { e2eEnv } from './support/env';
import { electronBinary } from './support/electron-binary';
import { type ServedApp, serve } from './support/serve';

export type ConcordatMode = 'browser' | 'electron';

export interface ConcordatApp {
  /** The workspace file this test works on (fresh per test). */
  dbPath: string;
  page: Page;
  /** Closes the app and starts it again on the same workspace file. */
  restart(): Promise<Page>;
  /** Browser mode only: the running server (for raw HTTP checks). */
  server(): ServedApp;
}

/**
 * Each test gets a fresh workspace directory and the real app on it: browser mode in
 * Chromium, or the Electron shell where its binary exists. Specs only see `concordat.page`.
 */
export const test = base.extend<{
  concordatMode: ConcordatMode;
  /** 'demo' starts from `concordat demo` instead of an empty (first-start) workspace. */
  concordatSeed: 'empty' | 'demo';
  workspaceDir: string;
  concordat: ConcordatApp;
}>({
  concordatMode: ['browser', { option: true }],
  concordatSeed: ['empty', { option: true }],
  // eslint-disable-next-line no-empty-pattern
  workspaceDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'concordat-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  concordat: async ({ concordatMode, concordatSeed, workspaceDir, browser }, use) => {
    const dbPath = join(workspaceDir, 'workspace.concordat');
    if (concordatSeed === 'demo') runCli(['demo', '--db', dbPath]);
    if (concordatMode === 'electron') {
      const executablePath = electronBinary();
      if (!executablePath) throw new Error('Electron binary not installed');
      // Held in an object: TypeScript cannot see the closures below reassign a plain `let`.
      const running: { app: ElectronApplication | null } = { app: null };
      const launch = async () => {
        running.app = await _electron.launch({
          executablePath,
          args: ['out/main/index.js', `--workspace=${dbPath}`],
          // CI desktops have no OS key store; the app then protects the key with this.
          env: e2eEnv() as Record<string, string>,
        });
        return running.app.firstWindow();
      };
      let page = await launch();
      await use({
        dbPath,
        get page() {
          return page;
        },
        restart: async () => {
          await running.app?.close();
          page = await launch();
          return page;
        },
        server: () => {
          throw new Error('No HTTP server in desktop mode');
        },
      });
      await running.app?.close();
      return;
    }

    const context = await browser.newContext();
    let served = await serve(dbPath);
    let page = await context.newPage();
    await page.goto(served.url);
    await use({
      dbPath,
      get page() {
        return page;
      },
      restart: async () => {
        await page.close();
        await served.stop();
        served = await serve(dbPath);
        page = await context.newPage();
        await page.goto(served.url);
        return page;
      },
      server: () => served,
    });
    await context.close();
    await served.stop();
  },
});

export { expect } from '@playwright/test';
