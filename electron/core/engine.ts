import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ClinoteEngine } from './api/clinoteEngine';
import { AuditLog } from './audit/auditLog';
import { openStore } from './db/openStore';
import type { SharedLibrary } from './db/openStore';
import { TeamService } from './team/teamService';
import type { TeamLibraryRequest } from '../shared/types';
import { EventBus } from './api/events';
import { backfillContext } from './index/contextBackfill';
import { upgradeIndex } from './index/upgrade';
import { openImports } from './ingest/openImports';
import { foldersOf } from './jobs/walk';
import { JobQueue } from './jobs/jobQueue';
import { Library } from './library/library';
import { LibraryService } from './library/libraryService';
import { ModelService } from './models/modelService';
import { EngineLog, logFilePath } from './util/engineLog';
import { FolderLock } from './util/folderLock';
import type { Logger } from './util/logger';
import { silentLogger } from './util/logger';
import { EngineTools } from './api/tools';
import { withValidation } from './api/validate';
import { syncWatchedFolders } from './watch/syncFolders';
import type { WatchedFolders } from './watch/watchedFolders';

export interface EngineOptions {
  dataDir: string;
  modelsDir: string;
  /** Model to use when the index has none yet; defaults to MedEmbed-small, else the first installed. */
  modelId?: string;
  threads?: number;
  logger?: Logger;
  /** Re-queue imports a crash interrupted (default true). */
  resumeImports?: boolean;
  /** Keep imported folders in sync while the engine runs (the app: true; the CLI: false). */
  watchFolders?: boolean;
  /** Time one file may take to read and chunk, in ms (default: two minutes and a second a megabyte). */
  readBudgetMs?: number;
  /** Threads that parse one PDF's pages at once (default: the cores, up to 4). */
  pdfReaders?: number;
  /** Pages read by OCR at once, each by its own Tesseract worker (about 100 MB each; default 1). */
  ocrWorkers?: number;
  /**
   * The library on object storage (s3://bucket/prefix) instead of `<dataDir>/index`: a team library this engine
   * publishes to (`access: 'write'`, one workstation at a time) or reads. Local state stays under `dataDir`.
   */
  shared?: SharedLibrary;
  /**
   * A team library to search beside this one for this run only (the CLI's --team). Without it, the one attached in
   * Settings earlier (remembered in the data folder) is searched, connected on first use.
   */
  team?: TeamLibraryRequest;
}

export type Engine = ClinoteEngine;

/**
 * Builds the engine from plain paths: the library opens at once (no model needed), the model loads on first use.
 * Every contract method validates its arguments here, at the engine's own boundary, whatever the caller.
 */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  // One engine per local library folder. A library on object storage has its writer lease instead (openStore), and
  // this workstation's state about it is written only by the publisher that holds the lease.
  let lock: FolderLock | undefined;
  if (!opts.shared) {
    const indexDir = join(opts.dataDir, 'index');
    await mkdir(indexDir, { recursive: true, mode: 0o700 });
    lock = await FolderLock.acquire(indexDir);
  }
  try {
    return await openEngine(opts, lock);
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

async function openEngine(opts: EngineOptions, lock: FolderLock | undefined): Promise<Engine> {
  const log = opts.logger ?? silentLogger;
  const store = await openStore(opts.dataDir, opts.shared);
  const { db, meta, stateDir: indexDir } = store;
  const fileLog = new EngineLog(logFilePath(opts.dataDir));
  fileLog.write('info', 'engine-start', { pid: process.pid });
  const library = await (async () => {
    // A library attached read-only is searched as its publisher left it; upgrading it is the publisher's job.
    if (!db.readOnly) await upgradeIndex(meta, db, log);
    return Library.open(db);
  })().catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const models = new ModelService(
    { modelsDir: opts.modelsDir, preferredId: opts.modelId, threads: opts.threads ?? 2 },
    db,
    library,
    meta,
  );
  const events = new EventBus();
  const audit = await AuditLog.open(opts.dataDir, log);
  const jobs = new JobQueue();
  jobs.on('progress', (p) => events.emit('jobs/progress', p));
  jobs.on('done', (s) => events.emit('jobs/done', s));
  jobs.on('done', ({ failed, ...counts }) => {
    audit.record('import.done', { ...counts, failed: failed.length }).catch((e: Error) => log.error(e.message));
  });
  const documents = new LibraryService(library, () => models.allIndexes(), events);
  let watched: WatchedFolders | undefined;
  const ingest = await openImports({
    stateDir: indexDir,
    jobs,
    library,
    models,
    events,
    log,
    fileLog,
    readBudgetMs: opts.readBudgetMs,
    pdfReaders: opts.pdfReaders,
    ocrWorkers: opts.ocrWorkers,
    onImported: async (paths) => watched?.add(await foldersOf(paths)),
  });
  const { imports, tombstones } = ingest;
  const team = new TeamService({ dataDir: opts.dataDir, models, log, persist: !opts.team });
  const engine = new ClinoteEngine({
    dataDir: opts.dataDir,
    events,
    jobs,
    library,
    documents,
    models,
    imports,
    tools: new EngineTools(library, models, db),
    team,
    audit,
    tombstones,
    watched: () => watched,
    shutdown: async () => {
      await team.close();
      await watched?.close();
      await ingest.close();
      await models.close();
      library.close();
      await store.close();
      await audit.close();
      fileLog.write('info', 'engine-stop', { pid: process.pid });
      await lock?.release();
    },
    interrupted: () => {
      ingest.interrupted();
      fileLog.write('info', 'engine-interrupted', { pid: process.pid });
    },
  });
  await imports.recordSetAside();
  await (opts.team ? team.attach(opts.team) : team.restore()).catch(async (err: unknown) => {
    await engine.close();
    throw err;
  });
  if (opts.resumeImports !== false) await imports.resume();
  // Context is derived (and written) by whoever may write the library: a reader of a shared one only reads it.
  if (!db.readOnly) await backfillContext({ jobs, library, meta, indexes: () => models.allIndexes() });
  if (opts.watchFolders)
    watched = await syncWatchedFolders({ stateDir: indexDir, log, imports, jobs, library, documents, audit });
  return withValidation(engine);
}
