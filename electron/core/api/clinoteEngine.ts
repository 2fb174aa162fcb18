import type { EngineApi, EngineEventName, EngineEvents } from '../../shared/contract';
import type {
  DocumentInfo,
  EngineStatus,
  ImportSummary,
  JobProgress,
  ModelInfo,
  PageText,
  SearchRequest,
  SearchResponse,
  TeamLibraryRequest,
  TeamLibraryStatus,
} from '../../shared/types';
import type { EventBus } from './events';
import type { ImportService } from '../ingest/importService';
import type { JobQueue } from '../jobs/jobQueue';
import type { LibraryService } from '../library/libraryService';
import type { Library } from '../library/library';
import type { ModelService } from '../models/modelService';
import type { SwitchProgress } from '../models/modelSwitch';
import { switchModelInBackground } from '../models/modelSwitch';
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
  /** Stops what the services started (watchers, workers, OCR), after the models are closed. */
  shutdown: () => Promise<void>;
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

  importFiles(paths: string[]): Promise<{ jobId: string }> {
    return this.s.imports.importFiles(paths);
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
    return runSearch({ index: team?.index ?? index, embedder: () => runtime.embedder(), document }, request);
  }

  async listDocuments(): Promise<DocumentInfo[]> {
    return this.s.documents.list();
  }

  removeDocuments(ids: string[]): Promise<{ removed: number }> {
    return this.s.documents.remove(ids);
  }

  reindexDocuments(ids: string[]): Promise<{ jobId: string }> {
    return this.s.imports.reindex(ids);
  }

  getDocumentText(id: string): Promise<PageText[]> {
    return this.s.team.isTeamDocument(id) ? this.s.team.text(id) : this.s.documents.text(id);
  }

  getDocumentBytes(id: string): Promise<Uint8Array> {
    return this.s.team.isTeamDocument(id) ? this.s.team.bytes(id) : this.s.documents.bytes(id);
  }

  listModels(): Promise<ModelInfo[]> {
    return this.s.models.list();
  }

  async switchModel(modelId: string): Promise<{ jobId: string }> {
    const target = await this.s.models.open(modelId);
    return switchModelInBackground({
      jobs: this.s.jobs,
      library: this.s.library,
      target,
      targetIndex: await this.s.models.indexFor(target),
      onProgress: (p) => (this.switching = p),
      activate: () => this.s.models.activate(target),
    });
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
}
