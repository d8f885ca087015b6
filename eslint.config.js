// @ts-check
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Process layers (ARCHITECTURE.md §5): shared ← core ← {electron, cli, web};
 * renderer and preload import only shared. cli may use web (for `serve`).
 */
const layers = {
  shared: 'src/shared/**',
  core: 'src/main/core/**',
  electron: 'src/main/electron/**',
  cli: 'src/main/cli/**',
  web: 'src/main/web/**',
  preload: 'src/preload/**',
  renderer: 'src/renderer/**',
};
/** For each layer, the layers it must never import. */
const forbiddenImports = {
  shared: ['core', 'electron', 'cli', 'web', 'preload', 'renderer'],
  core: ['electron', 'cli', 'web', 'preload', 'renderer'],
  electron: ['cli', 'web', 'preload', 'renderer'],
  web: ['cli', 'electron', 'preload', 'renderer'],
  cli: ['electron', 'preload', 'renderer'],
  preload: ['core', 'electron', 'cli', 'web', 'renderer'],
  renderer: ['core', 'electron', 'cli', 'web', 'preload'],
};

const electronOnly = {
  name: 'electron',
  message: 'Only src/main/electron and src/preload import electron.',
};
const nodeBuiltinMessage = 'Node builtins are not available here.';
const nodeBuiltinNames = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'net',
  'url',
  'buffer',
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.native/**',
      'coverage/**',
      'e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'scripts/*.js', 'bin/*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
      'boundaries/elements': Object.entries(layers).map(([type, pattern]) => ({
        type,
        pattern,
        partialMatch: false,
      })),
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: Object.entries(forbiddenImports).map(([from, to]) => ({
            from: { element: { type: from } },
            disallow: { to: { element: { types: { anyOf: to } } } },
          })),
        },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['src/shared/**', 'src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // `paths` match module names exactly ('electron', not '../electron/ipc').
          paths: [
            electronOnly,
            ...nodeBuiltinNames.map((name) => ({ name, message: nodeBuiltinMessage })),
          ],
          patterns: [{ group: ['node:*'], message: nodeBuiltinMessage }],
        },
      ],
    },
  },
  {
    files: ['src/main/core/**', 'src/main/cli/**', 'src/main/web/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
    languageOptions: { globals: globals.browser },
  },
  {
    // Command-line entry points and build scripts talk to a terminal.
    files: ['src/main/cli/**', 'scripts/**', 'bin/**', 'bench/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
