import type { EngineApi, EngineEventName, EngineEvents } from '../../shared/contract';
import type {
  DocumentInfo,
  EngineStatus,
  ImportSummary,
  JobProgress,
  ModelInfo,
  ExplainRequest,
  MatchExplanation,
  PageText,
  SearchRequest,
  SearchResponse,
  TeamLibraryRequest,
  TeamLibraryStatus,
} from '../../shared/types';
import { EngineError } from '../../shared/result';
import type { AuditLog } from '../audit/auditLog';
import type { Tombstones } from '../watch/tombstones';
import type { WatchedFolders } from '../watch/watchedFolders';
import type { EventBus } from './events';
import type { ImportService } from '../ingest/importService';
import type { JobQueue } from '../jobs/jobQueue';
import type { LibraryService } from '../library/libraryService';
import type { Library } from '../library/library';
import type { ModelService } from '../models/modelService';
import type { SwitchProgress } from '../models/modelSwitch';
import { switchModelInBackground } from '../models/modelSwitch';
import { explainMatch } from '../search/explain';
import { runSearch } from '../search/searcher';
import type { TeamService } from '../team/teamService';
import type { EngineTools } from './tools';

export const ENGINE_VERSION = '0.1.0';

export interface EngineServices {
  dataDir: string;
  events: EventBus;
  jobs: JobQueue;
  library: Library;
  documents: LibraryService;
  models: ModelService;
  imports: ImportService;
  tools: EngineTools;
  /** The team library attached read-only, if any. */
  team: TeamService;
  /** Who did what and when: every import, search, document opened, removal and model change, before it returns. */
  audit: AuditLog;
  /** Files whose documents a person removed, so keeping folders in sync does not bring them back. */
  tombstones: Tombstones;
  /** The folders kept in sync; undefined when this engine watches none (the CLI). */
  watched: () => WatchedFolders | undefined;
  /** Stops what the services started (watchers, workers, OCR), after the models are closed. */
  shutdown: () => Promise<void>;
  /** Notes that the process is being stopped on purpose (see ClinoteEngine.interrupted). */
  interrupted: () => void;
}

/** The contract over the engine's services: each method delegates; arguments were validated at the boundary. */
export class ClinoteEngine implements EngineApi {
  private switching?: SwitchProgress;

  constructor(private readonly s: EngineServices) {}

  /** Evaluation and benchmark access to the engine's parts (not part of the contract the app uses). */
  get tools(): EngineTools {
    return this.s.tools;
  }

  on<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    return this.s.events.on(event, listener);
  }

  async getStatus(): Promise<EngineStatus> {
    const open = await this.s.models.ifOpen();
    const docs = this.s.library.list();
    return {
      version: ENGINE_VERSION,
      dataDir: this.s.dataDir,
      modelId: open?.runtime.manifest.id ?? (await this.s.models.activeId()),
      modelReady: open?.runtime.loaded ?? false,
      documents: docs.filter((d) => d.status === 'ready').length,
      chunks: open ? await open.index.count() : docs.reduce((sum, d) => sum + d.chunks, 0),
      ...(this.switching ? { reindexing: { ...this.switching } } : {}),
    };
  }

  async importFiles(paths: string[]): Promise<{ jobId: string }> {
    const job = await this.s.imports.importFiles(paths);
    await this.s.audit.record('import', { jobId: job.jobId, paths });
    return job;
  }

  async cancelJob(jobId: string): Promise<void> {
    this.s.jobs.cancel(jobId);
  }

  async setJobPaused(jobId: string, paused: boolean): Promise<void> {
    this.s.jobs.setPaused(jobId, paused);
  }

  async listJobs(): Promise<JobProgress[]> {
    return this.s.jobs.list();
  }

  /** Resolves with a job's summary once it has finished. */
  waitForJob(jobId: string): Promise<ImportSummary> {
    return this.s.jobs.waitFor(jobId);
  }

  /** Resolves once no job is queued or running (an interrupted import resumed at start, say). */
  whenIdle(): Promise<void> {
    return this.s.jobs.idle();
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const { runtime, index } = await this.s.models.current();
    const team = await this.s.team.forSearch(index);
    const document = (id: string) => team?.document(id) ?? this.s.library.get(id);
    const response = await runSearch(
      { index: team?.index ?? index, embedder: () => runtime.embedder(), document },
      request,
    );
    const { query, k, filters } = request;
    await this.s.audit.record('search', { query, mode: response.mode, k, filters, hits: response.hits.length });
    return response;
  }

  async explainMatch(request: ExplainRequest): Promise<MatchExplanation> {
    const { runtime, index } = await this.s.models.current();
    // A team hit's passage is read from the team library (its ids carry the team prefix).
    const team = this.s.team.isTeamDocument(request.chunkId) ? await this.s.team.forSearch(index) : undefined;
    return explainMatch({ index: team?.index ?? index, embedder: () => runtime.embedder() }, request);
  }

  async listDocuments(): Promise<DocumentInfo[]> {
    return this.s.documents.list();
  }

  async removeDocuments(ids: string[]): Promise<{ removed: number }> {
    const paths = ids.map((id) => this.s.library.get(id)?.path);
    await this.s.tombstones.add(paths.filter((p): p is string => p !== undefined));
    const result = await this.s.documents.remove(ids);
    await this.s.audit.record('document.remove', { ids, paths, removed: result.removed });
    return result;
  }

  async listWatchedFolders(): Promise<string[]> {
    return this.s.watched()?.folders ?? [];
  }

  async unwatchFolder(path: string): Promise<void> {
    const watched = this.s.watched();
    if (!watched?.folders.includes(path)) {
      throw new EngineError('BadInput', `${path} is not a folder kept in sync.`, path);
    }
    await watched.remove(path);
    await this.s.audit.record('folder.unwatch', { path });
  }

  async reindexDocuments(ids: string[]): Promise<{ jobId: string }> {
    const job = await this.s.imports.reindex(ids);
    await this.s.audit.record('document.reindex', { ids, jobId: job.jobId });
    return job;
  }

  async getDocumentText(id: string): Promise<PageText[]> {
    const pages = this.s.team.isTeamDocument(id) ? await this.s.team.text(id) : await this.s.documents.text(id);
    await this.s.audit.record('document.text', { id, path: this.documentPath(id) });
    return pages;
  }

  async getDocumentBytes(id: string): Promise<Uint8Array> {
    const bytes = this.s.team.isTeamDocument(id) ? await this.s.team.bytes(id) : await this.s.documents.bytes(id);
    await this.s.audit.record('document.bytes', { id, path: this.documentPath(id) });
    return bytes;
  }

  listModels(): Promise<ModelInfo[]> {
    return this.s.models.list();
  }

  async switchModel(modelId: string): Promise<{ jobId: string }> {
    const from = await this.s.models.activeId();
    const target = await this.s.models.open(modelId);
    const job = await switchModelInBackground({
      jobs: this.s.jobs,
      library: this.s.library,
      target,
      targetIndex: await this.s.models.indexFor(target),
      onProgress: (p) => (this.switching = p),
      activate: async () => {
        await this.s.models.activate(target);
        await this.s.audit.record('model.activated', { from, to: modelId });
      },
    });
    await this.s.audit.record('model.switch', { from, to: modelId, jobId: job.jobId });
    return job;
  }

  async updateSettings(settings: { threads?: number }): Promise<void> {
    if (settings.threads !== undefined) await this.s.models.setThreads(settings.threads);
  }

  attachTeamLibrary(request: TeamLibraryRequest): Promise<TeamLibraryStatus> {
    return this.s.team.attach(request);
  }

  detachTeamLibrary(): Promise<void> {
    return this.s.team.detach();
  }

  getTeamLibraryStatus(): Promise<TeamLibraryStatus | null> {
    return this.s.team.status();
  }

  async close(): Promise<void> {
    await this.s.shutdown();
  }

  /**
   * The process is about to be stopped on purpose (a quit, Ctrl-C): the files being imported did not crash it, so
   * they must not be suspected of it at the next start. Synchronous, for signal handlers.
   */
  interrupted(): void {
    this.s.interrupted();
  }

  private documentPath(id: string): string | undefined {
    return this.s.team.isTeamDocument(id) ? this.s.team.path(id) : this.s.library.get(id)?.path;
  }
}
