import { EventEmitter } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineApi, EngineEventName, EngineEvents } from '../shared/contract';
import { EngineError } from '../shared/result';
import type { DocumentInfo, EngineStatus, ModelInfo, PageText, SearchRequest, SearchResponse } from '../shared/types';
import { catalogByHubId, DEFAULT_MODEL_HUB_ID } from './embed/catalog';
import { listInstalledModels } from './embed/models';
import { failureRow, indexFile } from './ingest/indexer';
import type { IndexerDeps } from './ingest/indexer';
import { closeOcr } from './ingest/ocr/pdfOcr';
import { collectFiles, foldersOf } from './jobs/walk';
import { JobQueue } from './jobs/jobQueue';
import { ImportJournal } from './journal';
import type { Logger } from './logger';
import { silentLogger } from './logger';
import { ModelRuntime } from './modelRuntime';
import { WatchedFolders } from './watchedFolders';
import { switchModelInBackground } from './modelSwitch';
import { runSearch } from './search/searcher';
import { readIndexMeta, writeIndexMeta } from './store/indexMeta';
import { Semaphore } from './util/semaphore';
import type { IndexMeta } from './store/indexMeta';
import { LanceStore } from './store/lanceStore';
import type { DocumentRow } from './store/schema';
import { toInfo } from './documentInfo';

export const ENGINE_VERSION = '0.1.0';

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
}

export type Engine = Awaited<ReturnType<typeof createEngine>>;

export async function createEngine(opts: EngineOptions) {
  const indexDir = join(opts.dataDir, 'index');
  await mkdir(indexDir, { recursive: true });
  const engine = new ClinoteEngine(opts, indexDir, await readIndexMeta(indexDir));
  if (opts.resumeImports !== false) await engine.resumeJournal();
  if (opts.watchFolders) await engine.startWatching();
  return engine;
}

export class ClinoteEngine implements EngineApi {
  private readonly events = new EventEmitter();
  readonly jobs = new JobQueue();
  private readonly pdfSlots = new Semaphore(2);
  private readonly journal: ImportJournal;
  private runtime?: Promise<ModelRuntime>;
  private storePromise?: Promise<LanceStore>;
  private docs = new Map<string, DocumentRow>();
  private threads: number;
  private switching?: { modelId: string; done: number; total: number };
  private readonly log: Logger;
  private watched?: WatchedFolders;

  constructor(
    private readonly opts: EngineOptions,
    private readonly indexDir: string,
    private meta: IndexMeta,
  ) {
    this.threads = opts.threads ?? 2;
    this.log = opts.logger ?? silentLogger;
    this.journal = new ImportJournal(indexDir);
    this.jobs.on('progress', (p) => this.events.emit('jobs/progress', p));
    this.jobs.on('done', (s) => this.events.emit('jobs/done', s));
  }

  on<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /** The active model's runtime; ModelMissing when nothing is installed. */
  model(): Promise<ModelRuntime> {
    this.runtime ??= this.resolveModelId().then((id) => ModelRuntime.open(this.opts.modelsDir, id, this.threads));
    this.runtime.catch(() => (this.runtime = undefined));
    return this.runtime;
  }

  store(): Promise<LanceStore> {
    this.storePromise ??= this.model().then(async (rt) => {
      const store = await LanceStore.open(this.indexDir, rt.manifest.id, rt.manifest.dims);
      if (this.meta.activeModel !== rt.manifest.id) {
        this.meta = {
          ...this.meta,
          activeModel: rt.manifest.id,
          models: { ...this.meta.models, [rt.manifest.id]: { dims: rt.manifest.dims, complete: true } },
        };
        await writeIndexMeta(this.indexDir, this.meta);
      }
      await this.refreshDocs(store);
      return store;
    });
    this.storePromise.catch(() => (this.storePromise = undefined));
    return this.storePromise;
  }

  private async resolveModelId(): Promise<string> {
    const installed = (await listInstalledModels(this.opts.modelsDir)).map((m) => m.id);
    const wanted = [this.meta.activeModel, this.opts.modelId, catalogByHubId(DEFAULT_MODEL_HUB_ID)?.id];
    for (const id of wanted) if (id && installed.includes(id)) return id;
    if (this.meta.activeModel) {
      throw new EngineError(
        'ModelMissing',
        `This index was built with "${this.meta.activeModel}", which is not installed. Import it with: clinote model import <folder>`,
        this.meta.activeModel,
      );
    }
    if (installed[0]) return installed[0];
    throw new EngineError(
      'ModelMissing',
      `No embedding model is installed in ${this.opts.modelsDir}. Run: clinote model fetch ${DEFAULT_MODEL_HUB_ID} (online) or clinote model import <folder>.`,
    );
  }

  private async refreshDocs(store?: LanceStore): Promise<void> {
    const s = store ?? (await this.store());
    this.docs = new Map((await s.listDocuments()).map((d) => [d.id, d]));
  }

  async getStatus(): Promise<EngineStatus> {
    const ready = this.storePromise ? await this.storePromise.catch(() => undefined) : undefined;
    const rt = this.runtime ? await this.runtime.catch(() => undefined) : undefined;
    return {
      version: ENGINE_VERSION,
      dataDir: this.opts.dataDir,
      modelId: rt?.manifest.id ?? this.meta.activeModel,
      modelReady: rt?.loaded ?? false,
      documents: [...this.docs.values()].filter((d) => d.status === 'ready').length,
      chunks: ready ? await ready.countChunks() : [...this.docs.values()].reduce((s, d) => s + d.chunks, 0),
      ...(this.switching ? { reindexing: { ...this.switching } } : {}),
    };
  }

  private async indexerDeps(): Promise<IndexerDeps> {
    const rt = await this.model();
    const chunkTokens = await rt.chunkTokens();
    return {
      store: await this.store(),
      embedder: () => rt.embedder(),
      tokenizer: () => rt.tokenizer(),
      chunkTokens,
      overlapTokens: Math.round(chunkTokens * 0.15),
    };
  }

  async importFiles(paths: string[], journalId?: string): Promise<{ jobId: string }> {
    if (paths.length === 0) throw new EngineError('BadInput', 'No files or folders to import.');
    const deps = await this.indexerDeps();
    const jobId = this.jobs.enqueue({
      files: () => collectFiles(paths),
      processFile: (file, ctx) =>
        // Many short notes are in flight at once so the embedder gets full batches; PDFs (each an open pdf.js
        // document, possibly hundreds of pages) go two at a time to keep memory bounded.
        /\.pdf$/i.test(file) ? this.pdfSlots.run(() => indexFile(deps, file, ctx)) : indexFile(deps, file, ctx),
      onFileError: async (file, error) => {
        if (error.kind !== 'Cancelled') await deps.store.writeFailure(failureRow(file, error.message));
      },
      finish: async () => {
        await deps.store.optimize().catch((e: Error) => this.log.warn(`optimize: ${e.message}`));
        await this.refreshDocs(deps.store);
        await this.journal.remove(journalId ?? jobId);
        this.events.emit('documents/changed', { ids: [] });
      },
    });
    if (!journalId) await this.journal.add(jobId, paths);
    if (this.watched) await this.watched.add(await foldersOf(paths));
    return { jobId };
  }

  async startWatching(): Promise<void> {
    this.watched = new WatchedFolders(this.indexDir, {
      log: this.log,
      upsert: async (paths) => void (await this.jobs.waitFor((await this.importFiles(paths)).jobId)),
      remove: async (paths) => {
        const gone = new Set(paths);
        const ids = [...this.docs.values()].filter((d) => gone.has(d.path)).map((d) => d.id);
        if (ids.length) await this.removeDocuments(ids);
      },
    });
    const folders = await this.watched.restore();
    if (folders.length)
      await this.importFiles(folders).catch((e: Error) => this.log.warn(`catch-up import: ${e.message}`));
  }

  async resumeJournal(): Promise<string[]> {
    const pending = await this.journal.read();
    const ids: string[] = [];
    for (const entry of pending) {
      this.log.info(`Resuming an interrupted import of ${entry.paths.length} path(s).`);
      ids.push((await this.importFiles(entry.paths, entry.id)).jobId);
    }
    return ids;
  }

  async cancelJob(jobId: string): Promise<void> {
    this.jobs.cancel(jobId);
  }

  async setJobPaused(jobId: string, paused: boolean): Promise<void> {
    this.jobs.setPaused(jobId, paused);
  }

  async listJobs() {
    return this.jobs.list();
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    if (!request.query.trim()) throw new EngineError('BadInput', 'The query is empty.', 'query');
    const rt = await this.model();
    const store = await this.store();
    return runSearch({ store, embedder: () => rt.embedder(), document: (id) => this.docs.get(id) }, request);
  }

  async listDocuments(): Promise<DocumentInfo[]> {
    await this.store().catch(() => undefined);
    return [...this.docs.values()].map(toInfo).sort((a, b) => a.title.localeCompare(b.title));
  }

  async removeDocuments(ids: string[]): Promise<{ removed: number }> {
    const store = await this.store();
    const known = ids.filter((id) => this.docs.has(id));
    if (known.length) await store.removeDocuments(known);
    const removed = known.length;
    await this.refreshDocs(store);
    this.events.emit('documents/changed', { ids });
    return { removed };
  }

  async reindexDocuments(ids: string[]): Promise<{ jobId: string }> {
    const paths = [...new Set(ids.map((id) => this.docs.get(id)?.path).filter((p): p is string => !!p))];
    if (paths.length === 0) throw new EngineError('BadInput', 'None of those documents are in the library.');
    return this.importFiles(paths);
  }

  private mustGetDoc(id: string): DocumentRow {
    const doc = this.docs.get(id);
    if (!doc) throw new EngineError('BadInput', `No document "${id}".`, id);
    return doc;
  }

  async getDocumentText(id: string): Promise<PageText[]> {
    const store = await this.store();
    const doc = this.mustGetDoc(id);
    return (await store.pageTexts(id, doc.contentHash)).map((p) => ({ page: p.page, text: p.text, ocr: p.ocr }));
  }

  async getDocumentBytes(id: string): Promise<Uint8Array> {
    await this.store();
    const doc = this.mustGetDoc(id);
    try {
      return new Uint8Array(await readFile(doc.path));
    } catch {
      throw new EngineError(
        'FileUnreadable',
        `${doc.path} is no longer there; re-import it from where it is now.`,
        doc.path,
      );
    }
  }

  async listModels(): Promise<ModelInfo[]> {
    const active = this.meta.activeModel ?? (await this.resolveModelId().catch(() => null));
    return (await listInstalledModels(this.opts.modelsDir)).map((m) => ({
      id: m.id,
      dims: m.dims,
      pooling: m.pooling,
      maxTokens: m.maxTokens,
      quantization: m.quantization,
      source: m.source,
      licence: m.licence,
      active: m.id === active,
    }));
  }

  async switchModel(modelId: string): Promise<{ jobId: string }> {
    const target = await ModelRuntime.open(this.opts.modelsDir, modelId, this.threads);
    const store = await this.store();
    return switchModelInBackground({
      jobs: this.jobs,
      store,
      target,
      documents: () => [...this.docs.values()],
      onProgress: (s) => (this.switching = s),
      commit: async () => {
        this.meta = {
          ...this.meta,
          activeModel: modelId,
          models: { ...this.meta.models, [modelId]: { dims: target.manifest.dims, complete: true } },
        };
        await writeIndexMeta(this.indexDir, this.meta);
        const old = await this.runtime;
        this.runtime = Promise.resolve(target);
        this.storePromise = undefined;
        this.switching = undefined;
        await this.store();
        await old?.close();
      },
    });
  }

  async updateSettings(settings: { threads?: number }): Promise<void> {
    if (settings.threads === undefined) return;
    this.threads = settings.threads;
    const rt = this.runtime ? await this.runtime.catch(() => undefined) : undefined;
    await rt?.setThreads(settings.threads);
  }

  async close(): Promise<void> {
    await this.watched?.close();
    await closeOcr();
    const rt = this.runtime ? await this.runtime.catch(() => undefined) : undefined;
    await rt?.close();
    const store = this.storePromise ? await this.storePromise.catch(() => undefined) : undefined;
    store?.close();
  }
}
