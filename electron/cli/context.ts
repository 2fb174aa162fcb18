import { resolve } from 'node:path';
import type { Engine, SharedLibrary, StorageSettings, TeamLibraryRequest } from '../core';
import { defaultDataDir, defaultModelsDir, storageSettingsFile } from './paths';

export interface GlobalOptions {
  db?: string;
  models?: string;
  model?: string;
  threads?: string;
  json?: boolean;
  team?: string;
}

/** `--db` names a folder, or a library on object storage (s3://bucket/prefix). */
const isUri = (db: string | undefined): db is string => db !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(db);

export function dirsFrom(opts: GlobalOptions): { dataDir: string; modelsDir: string } {
  // A library in a bucket keeps this workstation's own state (journal, caches) in the user data folder.
  const dataDir = isUri(opts.db) ? defaultDataDir() : resolve(opts.db ?? defaultDataDir());
  // A --db given alone keeps its models in the user's models folder, so test indexes don't need their own copy.
  const modelsDir = resolve(opts.models ?? defaultModelsDir(opts.db ? defaultDataDir() : dataDir));
  return { dataDir, modelsDir };
}

/** The engine, loaded on first use: `clinote --help` and argument errors answer without loading it. */
export const loadCore = () => import('../core');

/** Endpoint, region and credentials of object storage: the settings file, overridden by the AWS_* variables. */
export async function storageSettings(): Promise<StorageSettings> {
  const { readStorageSettings, withEnvironment } = await loadCore();
  return withEnvironment(await readStorageSettings(storageSettingsFile()));
}

/**
 * The engine on the --db library. On object storage, `write` commands (index, docs remove) publish: they take the
 * library's writer lease at once, so a second publisher is refused before any work; the others only read.
 */
export async function openEngine(
  opts: GlobalOptions,
  resumeImports = false,
  access: 'read' | 'write' = 'read',
): Promise<Engine> {
  const { dataDir, modelsDir } = dirsFrom(opts);
  const { createEngine, stderrLogger } = await loadCore();
  const shared: SharedLibrary | undefined = isUri(opts.db)
    ? { uri: opts.db, storage: await storageSettings(), access, settingsFile: storageSettingsFile() }
    : undefined;
  const engine = await createEngine({
    dataDir,
    modelsDir,
    modelId: opts.model,
    threads: opts.threads ? Number(opts.threads) : undefined,
    logger: opts.json ? undefined : stderrLogger,
    resumeImports,
    ...(shared ? { shared } : {}),
    ...(opts.team ? { team: await teamRequest(opts.team) } : {}),
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

async function teamRequest(uri: string): Promise<TeamLibraryRequest> {
  const s = await storageSettings();
  const pick = {
    endpoint: s.endpoint,
    region: s.region,
    accessKeyId: s.accessKeyId,
    secretAccessKey: s.secretAccessKey,
  };
  return { uri, ...Object.fromEntries(Object.entries(pick).filter(([, v]) => v !== undefined)) };
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
