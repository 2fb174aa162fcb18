import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { startDevBridge } from '../../../electron/harness/devBridge';
import type { DevBridge } from '../../../electron/harness/devBridge';
import { importModel } from '../../../electron/core/embed/models';
import { createEngine } from '../../../electron/core/engine';
import type { Engine } from '../../../electron/core/engine';
import type { Logger } from '../../../electron/core';
import { cspPlugin } from '../../../electron/main/csp';
import { freePort } from './ports';

export const REPO = resolve(import.meta.dirname, '../../..');

export interface HarnessOptions {
  /** Folder for the engine's data, models and upload inbox; a fresh temp folder when absent (and removed on close). */
  dir?: string;
  /** Model folders to import into the models folder (the first one is used unless the index says otherwise). */
  modelSources?: string[];
  bridgePort?: number;
  webPort?: number;
  logger?: Logger;
  quiet?: boolean;
}

export interface Harness {
  /** The page to open: the vite dev server with `?bridge=<port>`. */
  url: string;
  dir: string;
  engine: Engine;
  bridge: DevBridge;
  vite: ViteDevServer;
  close(): Promise<void>;
}

/** The browser harness: the real engine, its WebSocket bridge and the renderer's vite dev server, on loopback. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const temporary = !options.dir;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'clinote-harness-')));
  const modelsDir = join(dir, 'models');
  await mkdir(modelsDir, { recursive: true });
  for (const source of options.modelSources ?? []) {
    if (!existsSync(join(modelsDir, basename(source)))) await importModel(source, modelsDir);
  }
  const engine = await createEngine({ dataDir: join(dir, 'data'), modelsDir, logger: options.logger });
  const bridge = await startDevBridge({ engine, port: options.bridgePort ?? 0, uploadDir: join(dir, 'inbox') });
  const vite = await createServer({
    configFile: join(REPO, 'vite.config.ts'),
    plugins: [cspPlugin('harness')],
    // Pre-bundled at start: found lazily on the first PDF, vite would re-optimize and reload the page mid-session.
    optimizeDeps: { include: ['pdfjs-dist'] },
    server: { port: options.webPort ?? (await freePort()), strictPort: true, host: '127.0.0.1' },
    logLevel: options.quiet ? 'error' : 'info',
    clearScreen: false,
  });
  await vite.listen();
  const base = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`;
  return {
    url: `${base}?bridge=${bridge.port}`,
    dir,
    engine,
    bridge,
    vite,
    close: async () => {
      await vite.close();
      await bridge.close();
      await engine.close();
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}
