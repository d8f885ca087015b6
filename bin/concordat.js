#!/usr/bin/env node
// The installed `concordat` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(bundle)) {
  console.error(
    'concordat: the CLI is not built yet; run `npm run build` in the Concordat folder.',
  );
  process.exit(1);
}
const { runCli } = await import(pathToFileURL(bundle).href);
process.exitCode = await runCli(process.argv.slice(2));
