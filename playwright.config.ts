import { existsSync } from 'node:fs';
import { defineConfig, type PlaywrightTestProject } from '@playwright/test';
import { electronBinary } from './e2e/support/electron-binary';

/** Debian's Chromium; Playwright's own browser download is not available on these machines. */
const chromiumPath = process.env.CONCORDAT_CHROMIUM ?? '/usr/bin/chromium';

const projects: PlaywrightTestProject[] = [
  {
    name: 'browser-mode',
    use: {
      browserName: 'chromium',
      launchOptions: {
        ...(existsSync(chromiumPath) ? { executablePath: chromiumPath } : {}),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    },
  },
];

// The same specs drive the desktop shell wherever an Electron binary is installed.
if (electronBinary())
  projects.push({ name: 'electron', use: { concordatMode: 'electron' } as object });

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects,
});
