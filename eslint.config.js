import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url'];
// Bare module names ('electron', 'fs') are matched exactly; as gitignore-style patterns they would also match any
// path segment of that name, such as the renderer's own '../../electron/shared/contract'.
const isBareName = (p) => !/[*/]/.test(p);
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
  // The layers of ARCHITECTURE.md, kept honest: shared imports nothing environment-specific, core never imports
  // electron, the renderer imports only shared.
  {
    files: ['electron/shared/**'],
    rules: restrict(
      [...nodeBuiltins, 'electron', '../core/*', '../main/*', '../preload/*', '../utility/*'],
      'electron/shared must stay environment-free.',
    ),
  },
  {
    files: ['electron/core/**'],
    rules: restrict(
      ['electron', 'electron/*', '../main/*', '../preload/*', '../utility/*', '../../renderer/*'],
      'The engine never imports electron or the app layers.',
    ),
  },
  {
    files: ['renderer/**'],
    rules: restrict(
      [
        ...nodeBuiltins,
        'electron',
        '**/electron/core/**',
        '**/electron/main/**',
        '**/electron/preload/**',
        '**/electron/utility/**',
      ],
      'The renderer talks only to the contract in electron/shared.',
    ),
  },
);
