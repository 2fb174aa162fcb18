import { resolve } from 'node:path';
import type { Engine } from '../core';
import { defaultDataDir, defaultModelsDir } from './paths';

export interface GlobalOptions {
  db?: string;
  models?: string;
  model?: string;
  threads?: string;
  json?: boolean;
}

export function dirsFrom(opts: GlobalOptions): { dataDir: string; modelsDir: string } {
  const dataDir = resolve(opts.db ?? defaultDataDir());
  // A --db given alone keeps its models in the user's models folder, so test indexes don't need their own copy.
  const modelsDir = resolve(opts.models ?? defaultModelsDir(opts.db ? defaultDataDir() : dataDir));
  return { dataDir, modelsDir };
}

/** The engine, loaded on first use: `clinote --help` and argument errors answer without loading it. */
export const loadCore = () => import('../core');

export async function openEngine(opts: GlobalOptions, resumeImports = false): Promise<Engine> {
  const { dataDir, modelsDir } = dirsFrom(opts);
  const { createEngine, stderrLogger } = await loadCore();
  const engine = await createEngine({
    dataDir,
    modelsDir,
    modelId: opts.model,
    threads: opts.threads ? Number(opts.threads) : undefined,
    logger: opts.json ? undefined : stderrLogger,
    resumeImports,
  });
  // Ctrl-C stops an import on purpose: the files in progress are not suspected of crashing the engine next time.
  const stop = () => {
    engine.interrupted();
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return engine;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
