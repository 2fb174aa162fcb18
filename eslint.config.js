import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url'];
// Bare module names ('electron', 'fs') are matched exactly; as gitignore-style patterns they would also match any
// path segment of that name, such as the renderer's own '../../electron/shared/contract'.
const isBareName = (p) => !/[*/]/.test(p);
/** Another layer's folder (its entry or anything inside), named at any depth of a relative import. */
const layers = (...names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`]);
/** Anything inside the engine but its public entry: front-ends may import '../core', never '../core/<part>'. */
const ENGINE_INSIDE = '**/core/**';
const restrict = (patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: patterns.filter(isBareName).map((name) => ({ name, message })),
      patterns: [{ group: patterns.filter((p) => !isBareName(p)), message }],
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'test-results', 'tests/tools/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The layers of ARCHITECTURE.md, kept honest. The patterns match the import as written, so they name a layer's
  // folder at any depth ('**/main/**' catches '../main/x' and '../../main/x' alike).
  {
    files: ['electron/shared/**'],
    rules: restrict(
      [
        ...nodeBuiltins,
        'electron',
        'electron/*',
        'ws',
        ...layers('core', 'main', 'preload', 'utility', 'harness', 'cli'),
      ],
      'electron/shared must stay environment-free: it runs in the engine, main, the preload and the page alike.',
    ),
  },
  {
    files: ['electron/core/**'],
    rules: restrict(
      ['electron', 'electron/*', 'ws', ...layers('main', 'preload', 'utility', 'harness', 'cli'), '**/renderer/**'],
      'The engine never imports electron and knows no front-end (app, harness or CLI).',
    ),
  },
  // Front-ends reach the engine through its public entry (electron/core/index.ts) only: '../core' is allowed,
  // '../core/<anything>' is not.
  {
    files: ['electron/cli/**'],
    rules: restrict(
      ['electron', 'electron/*', ...layers('main', 'preload', 'utility', 'harness'), ENGINE_INSIDE, '**/renderer/**'],
      'The CLI is a front-end over the engine’s public API (electron/core): no electron, no other front-end.',
    ),
  },
  {
    files: ['electron/utility/**'],
    rules: restrict(
      [...layers('main', 'preload', 'harness', 'cli'), ENGINE_INSIDE, '**/renderer/**'],
      'The utility process builds the engine through its public API and serves the contract; it knows no other process.',
    ),
  },
  {
    files: ['electron/main/**'],
    rules: restrict(
      [...layers('core', 'preload', 'utility', 'harness', 'cli'), '**/renderer/**'],
      'Main is a broker: it forks the engine and never imports it.',
    ),
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Whatever it imports is bundled into the sandboxed preload: electron, its own files and shared only.
              regex: '^(?!(?:electron|\\./[\\w-][\\w.-]*|\\.\\./shared(?:/[\\w-][\\w.-]*)+)$)',
              message: 'The preload uses only electron and electron/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/harness/**'],
    rules: restrict(
      ['electron', 'electron/*', ...layers('main', 'preload', 'utility', 'cli'), '**/renderer/**', ENGINE_INSIDE],
      'The harness bridge is a front-end: shared and the engine’s public entry (electron/core) only.',
    ),
  },
  {
    files: ['renderer/**'],
    rules: restrict(
      [
        ...nodeBuiltins,
        'electron',
        'electron/*',
        'ws',
        '**/electron/**',
        '!**/electron/shared',
        '!**/electron/shared/**',
      ],
      'The renderer talks only to the contract in electron/shared.',
    ),
  },
);
