import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cspPlugin } from './electron/main/csp';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The engine starts worker threads from files beside its own module (new URL('./embedWorker.js', import.meta.url)),
 * so every *Worker.ts under electron/core is built as its own entry next to utility.js.
 */
function engineWorkers(): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/Worker\.ts$/.test(entry.name)) found[basename(entry.name, '.ts')] = path;
    }
  };
  walk(join(here, 'electron/core'));
  return found;
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: join(here, 'electron/main/index.ts'),
          utility: join(here, 'electron/utility/index.ts'),
          // The clinote command: the same engine, built with the app so it starts without compiling anything.
          cli: join(here, 'electron/cli/main.ts'),
          ...engineWorkers(),
        },
        // Shared chunks sit beside the entries: the engine finds its workers relative to its own module's URL.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload is a classic script: one CommonJS file with what it imports from shared inlined.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: join(here, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: join(here, 'renderer'),
    plugins: [svelte({ configFile: join(here, 'svelte.config.js') }), cspPlugin('electron')],
    build: {
      outDir: join(here, 'out/renderer'),
      rolldownOptions: { input: join(here, 'renderer/index.html') },
    },
  },
});
