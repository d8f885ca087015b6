import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from './paths/app-root';

/**
 * The process layers (ARCHITECTURE.md §5) are enforced by lint; this proves the rules fire for
 * each forbidden direction and stay quiet for the allowed ones. Each case lints an import
 * placed in a real file of the layer, so paths resolve as they would in the code base.
 */
const root = findAppRoot();
const eslint = new ESLint({ cwd: root });
const layerRules = new Set(['boundaries/dependencies', 'no-restricted-imports']);

async function layerErrors(file: string, importPath: string): Promise<string[]> {
  const code = `import * as imported from '${importPath}';\nexport const y = imported;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  return messages
    .filter((m) => m.ruleId !== null && layerRules.has(m.ruleId))
    .map((m) => m.message);
}

describe('import direction shared ← core ← {electron, cli, web}; renderer and preload → shared', () => {
  it.each([
    ['src/shared/errors.ts', '../main/core/log/logger'],
    ['src/shared/errors.ts', 'electron'],
    ['src/shared/errors.ts', 'node:crypto'],
    ['src/main/core/rpc/handlers.ts', '../../electron/ipc'],
    ['src/main/core/rpc/handlers.ts', '../../web/server'],
    ['src/main/core/rpc/handlers.ts', '../../cli/main'],
    ['src/main/core/rpc/handlers.ts', 'electron'],
    ['src/main/web/server.ts', '../electron/ipc'],
    ['src/main/web/server.ts', '../cli/main'],
    ['src/main/electron/ipc.ts', '../web/server'],
    ['src/main/electron/ipc.ts', '../cli/main'],
    ['src/renderer/main.tsx', '../main/core/log/logger'],
    ['src/renderer/main.tsx', '../preload/bridge'],
    ['src/renderer/main.tsx', 'node:fs'],
    ['src/renderer/main.tsx', 'fs'],
    ['src/preload/bridge.ts', '../main/core/log/logger'],
    ['src/preload/bridge.ts', '../renderer/main'],
  ])(
    '%s may not import %s',
    async (file, target) => {
      expect(await layerErrors(file, target)).not.toEqual([]);
    },
    // ESLint with type information loads the project: slow on a busy 2-core machine.
    120_000,
  );

  it.each([
    ['src/main/core/rpc/handlers.ts', '../../../shared/errors'],
    ['src/main/electron/ipc.ts', '../core/log/logger'],
    ['src/main/electron/ipc.ts', 'electron'],
    ['src/main/cli/main.ts', '../web/server'],
    ['src/main/cli/main.ts', '../core/log/logger'],
    ['src/renderer/main.tsx', '../shared/errors'],
    ['src/preload/bridge.ts', '../shared/contract'],
    ['src/preload/bridge.ts', 'electron'],
  ])(
    '%s may import %s',
    async (file, target) => {
      expect(await layerErrors(file, target)).toEqual([]);
    },
    120_000,
  );
});
