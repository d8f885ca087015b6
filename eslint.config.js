// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Process layers (ARCHITECTURE.md §5): shared ← core ← {electron, cli, web};
 * renderer and preload import only shared. Each zone names what its target may NOT import.
 */
const layerZones = [
  {
    target: './src/shared',
    from: ['./src/main', './src/renderer', './src/preload'],
    message: 'src/shared is pure TypeScript and imports nothing from other layers.',
  },
  {
    target: './src/main/core',
    from: [
      './src/main/electron',
      './src/main/cli',
      './src/main/web',
      './src/renderer',
      './src/preload',
    ],
    message: 'core imports only shared: electron, cli and web build on core, not the reverse.',
  },
  {
    target: './src/main/electron',
    from: ['./src/main/cli', './src/main/web', './src/renderer', './src/preload'],
    message: 'The Electron shell builds on core and shared only.',
  },
  {
    target: './src/main/web',
    from: ['./src/main/cli', './src/main/electron', './src/renderer', './src/preload'],
    message: 'Browser mode builds on core and shared only.',
  },
  {
    target: './src/main/cli',
    from: ['./src/main/electron', './src/renderer', './src/preload'],
    message: 'The CLI builds on core, shared and (for `serve`) web.',
  },
  {
    target: './src/renderer',
    from: ['./src/main', './src/preload'],
    message: 'The renderer talks to main only through the contract in src/shared.',
  },
  {
    target: './src/preload',
    from: ['./src/main', './src/renderer'],
    message: 'The preload is built from the contract in src/shared only.',
  },
];

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'net',
  'url',
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
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
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
          patterns: [
            { group: nodeBuiltins, message: 'Node builtins are not available here.' },
            {
              group: ['electron'],
              message: 'Only src/main/electron and src/preload import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/core/**', 'src/main/cli/**', 'src/main/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron'],
              message: 'Only src/main/electron and src/preload import electron.',
            },
          ],
        },
      ],
    },
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
