import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * The dev server injects CSS as <style> tags and React Refresh as an inline script, which the
 * renderer's strict CSP forbids. Relax it for `npm run dev` only; built output keeps it strict.
 */
function devServerCsp(): Plugin {
  return {
    name: 'concordat-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  main: {
    build: {
      // Node-side entries share one bundle graph: the Electron shell and the CLI (which also
      // serves browser mode). Dependencies stay external and load from node_modules.
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/main.ts'),
          cli: resolve('src/main/cli/main.ts'),
          // Ledger verification's worker thread, started by file name (verify-parallel.ts).
          'ledger-verify-worker': resolve('src/main/core/ledger-store/verify-parallel-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() from node_modules: bundle everything, emit CJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react(), devServerCsp()],
    build: {
      // Browser mode serves these bytes over HTTP; smaller loads faster in both modes.
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
