import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

// The renderer served on its own (the browser harness) and the test runner's projects. electron.vite.config.ts builds
// the same renderer for the desktop app.
export default defineConfig({
  root: `${here}renderer`,
  plugins: [svelte({ configFile: `${here}svelte.config.js` })],
  build: { outDir: `${here}out/renderer-web`, emptyOutDir: true },
  server: { host: '127.0.0.1', strictPort: false },
  test: {
    root: here,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'renderer/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/contract/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // Property-based fuzzing of every parser and the IPC boundary: a few hundred cases a target here, the
        // nightly size under `npm run fuzz` (CLINOTE_FUZZ=nightly).
        extends: true,
        test: {
          name: 'fuzz',
          include: ['tests/fuzz/**/*.fuzz.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
