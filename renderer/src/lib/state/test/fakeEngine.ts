import type { EngineApi, EngineEventName, EngineEvents, EngineMethod } from '../../../../../electron/shared/contract';
import type { QueryExpansion } from '../../../../../electron/shared/queryExpansion';
import { validateArgs } from '../../../../../electron/shared/validation';
import { EngineError } from '../../../../../electron/shared/result';
import { createMemoryChannelPair } from '../../../../../electron/shared/transport/memoryChannel';
import { createClient, serve } from '../../../../../electron/shared/transport/rpc';
import type { EngineClient, EventListener } from '../../../../../electron/shared/transport/rpc';
import type {
  DocumentInfo,
  EngineStatus,
  ExplainRequest,
  JobProgress,
  MatchExplanation,
  ModelInfo,
  PageText,
  SearchHit,
  SearchRequest,
  SearchResponse,
  TeamLibraryRequest,
  TeamLibraryStatus,
} from '../../../../../electron/shared/types';

/**
 * An in-memory engine for unit tests of the UI's state: plain data and a few knobs, served over the real RPC and
 * in-memory channel, so the state classes talk to a real client (errors as data) as in the app; it validates
 * arguments with the contract's schemas, as the engine does.
 */
export class FakeEngine implements EngineApi {
  documents: DocumentInfo[] = [];
  pages = new Map<string, PageText[]>();
  bytes = new Map<string, Uint8Array>();
  models: ModelInfo[] = [model('all-minilm-l6-v2', true)];
  jobs: JobProgress[] = [];
  watched: string[] = [];
  modelMissing = false;
  team: TeamLibraryStatus | null = null;
  /** The model a team library attached next was built with. */
  teamModel = 'all-minilm-l6-v2';
  /** Hits a query returns; unknown queries return none. */
  hits = new Map<string, SearchHit[]>();
  expansions = new Map<string, QueryExpansion>();
  /** Calls by method, in order. */
  readonly calls: Array<[string, ...unknown[]]> = [];
  private readonly held = new Map<string, Promise<void>>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private nextJob = 1;

  /** Holds the answers to requests matching `key` (a query or a document id) until the returned function runs. */
  hold(key: string): () => void {
    let release!: () => void;
    this.held.set(key, new Promise<void>((resolve) => (release = resolve)));
    return () => (this.held.delete(key), release());
  }

  emit<E extends EngineEventName>(event: E, payload: EngineEvents[E]): void {
    this.listeners.get(event)?.forEach((l) => l(payload));
  }

  on<E extends EngineEventName>(event: E, listener: EventListener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  private async record(method: EngineMethod, args: unknown[], key?: string): Promise<void> {
    // The real engine checks every call against the contract's schemas before acting; so does this one.
    validateArgs(method, args);
    this.calls.push([method, ...args]);
    if (key !== undefined) await this.held.get(key);
  }

  private requireModel(): void {
    if (this.modelMissing) {
      throw new EngineError(
        'ModelMissing',
        'No embedding model is installed in /data/models. Run: clinote model import <folder>.',
      );
    }
  }

  async getStatus(): Promise<EngineStatus> {
    await this.record('getStatus', []);
    const chunks = this.documents.reduce((n, d) => n + d.chunks, 0);
    const active = this.models.find((m) => m.active)?.id ?? null;
    return {
      version: '0.0.0',
      dataDir: '/data',
      modelId: this.modelMissing ? null : active,
      modelReady: true,
      documents: this.documents.length,
      chunks,
    };
  }

  async importFiles(paths: string[]): Promise<{ jobId: string }> {
    await this.record('importFiles', [paths]);
    this.requireModel();
    return { jobId: `job-${this.nextJob++}` };
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.record('cancelJob', [jobId]);
    if (!this.jobs.some((j) => j.jobId === jobId)) throw new EngineError('BadInput', `No job ${jobId}.`, jobId);
  }

  async setJobPaused(jobId: string, paused: boolean): Promise<void> {
    await this.record('setJobPaused', [jobId, paused]);
  }

  async listJobs(): Promise<JobProgress[]> {
    await this.record('listJobs', []);
    return this.jobs;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    await this.record('search', [request], request.query);
    this.requireModel();
    const hits = this.hits.get(request.query) ?? [];
    const grouped =
      request.groupByDocument === false
        ? hits
        : hits.filter((h, i) => hits.findIndex((o) => o.docId === h.docId) === i);
    // As the engine does: hits whose evidence is denied (or a relative's, ...) last, unless every mention is asked for.
    const context = request.context ?? 'affirmed';
    const shown =
      context === 'all'
        ? grouped.map((h) => ({ ...h, demoted: false }))
        : [...grouped.filter((h) => !h.demoted), ...grouped.filter((h) => h.demoted)];
    return {
      hits: shown,
      mode: request.mode ?? 'hybrid',
      tookMs: 3,
      modelId: 'all-minilm-l6-v2',
      queryContext: 'affirmed',
      context,
      ...(this.expansions.get(request.query) ? { expansion: this.expansions.get(request.query) } : {}),
    };
  }

  async explainMatch(request: ExplainRequest): Promise<MatchExplanation> {
    await this.record('explainMatch', [request], request.chunkId);
    const hit = [...this.hits.values()].flat().find((h) => h.chunkId === request.chunkId);
    if (!hit) throw new EngineError('BadInput', `No passage "${request.chunkId}" in the library.`, 'chunkId');
    const first = hit.why.evidence[0] ?? {
      start: 0,
      end: hit.text.length,
      label: 'affirmed' as const,
      by: 'meaning' as const,
    };
    return { chunkId: hit.chunkId, closest: { ...first, by: 'meaning', similarity: 0.8 } };
  }

  async listDocuments(): Promise<DocumentInfo[]> {
    await this.record('listDocuments', []);
    return this.documents;
  }

  async removeDocuments(ids: string[]): Promise<{ removed: number }> {
    await this.record('removeDocuments', [ids]);
    const before = this.documents.length;
    this.documents = this.documents.filter((d) => !ids.includes(d.id));
    return { removed: before - this.documents.length };
  }

  async reindexDocuments(ids: string[]): Promise<{ jobId: string }> {
    await this.record('reindexDocuments', [ids]);
    return { jobId: `job-${this.nextJob++}` };
  }

  async getDocumentText(id: string): Promise<PageText[]> {
    await this.record('getDocumentText', [id], id);
    const pages = this.pages.get(id);
    if (!pages) throw new EngineError('BadInput', `Unknown document ${id}.`, id);
    return pages;
  }

  async getDocumentBytes(id: string): Promise<Uint8Array> {
    await this.record('getDocumentBytes', [id], id);
    const bytes = this.bytes.get(id);
    if (!bytes) throw new EngineError('BadInput', `Unknown document ${id}.`, id);
    return bytes;
  }

  async listModels(): Promise<ModelInfo[]> {
    await this.record('listModels', []);
    return this.models;
  }

  async switchModel(modelId: string): Promise<{ jobId: string }> {
    await this.record('switchModel', [modelId]);
    if (!this.models.some((m) => m.id === modelId)) {
      throw new EngineError('ModelMissing', `Model "${modelId}" is not installed.`, modelId);
    }
    return { jobId: `job-${this.nextJob++}` };
  }

  async updateSettings(settings: { threads?: number }): Promise<void> {
    await this.record('updateSettings', [settings]);
  }

  async listWatchedFolders(): Promise<string[]> {
    await this.record('listWatchedFolders', []);
    return [...this.watched];
  }

  async unwatchFolder(path: string): Promise<void> {
    await this.record('unwatchFolder', [path]);
    if (!this.watched.includes(path)) throw new EngineError('BadInput', `${path} is not a folder kept in sync.`, path);
    this.watched = this.watched.filter((f) => f !== path);
  }

  async attachTeamLibrary(request: TeamLibraryRequest): Promise<TeamLibraryStatus> {
    await this.record('attachTeamLibrary', [request]);
    if (request.uri.includes('missing')) {
      throw new EngineError('FileUnreadable', `${request.uri}: no bucket "missing".`, request.uri);
    }
    const active = this.models.find((m) => m.active)?.id ?? null;
    const mismatch = this.teamModel !== active;
    this.team = {
      uri: request.uri,
      server: `${request.endpoint ?? 'AWS S3'} (${request.region ?? 'us-east-1'})`,
      state: mismatch ? 'model-mismatch' : 'ready',
      ...(mismatch ? { message: `The team library was built with the model "${this.teamModel}".` } : {}),
      modelId: this.teamModel,
      documents: 12,
      checkedAt: 1,
    };
    return this.team;
  }

  async detachTeamLibrary(): Promise<void> {
    await this.record('detachTeamLibrary', []);
    this.team = null;
  }

  async getTeamLibraryStatus(): Promise<TeamLibraryStatus | null> {
    await this.record('getTeamLibraryStatus', []);
    return this.team;
  }
}

/** A real client of the contract, connected to the fake over an in-memory channel pair. */
export function connect(engine: FakeEngine): EngineClient {
  const [clientSide, serverSide] = createMemoryChannelPair();
  serve(engine, serverSide, engine);
  return createClient(clientSide);
}

export function model(id: string, active: boolean): ModelInfo {
  return {
    id,
    dims: 384,
    pooling: 'mean',
    maxTokens: 256,
    quantization: 'fp32',
    source: 'test',
    licence: 'apache-2.0',
    active,
  };
}

export function doc(id: string, overrides: Partial<DocumentInfo> = {}): DocumentInfo {
  return {
    id,
    path: `/notes/${id}.txt`,
    title: id,
    type: 'note',
    folder: '/notes',
    status: 'ready',
    pages: 1,
    chunks: 2,
    ocrPages: 0,
    importedAt: 1,
    meta: {},
    ...overrides,
  };
}

export function hit(docId: string, chunkId: string, overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    docId,
    chunkId,
    title: docId,
    path: `/notes/${docId}.txt`,
    type: 'note',
    page: 1,
    text: 'shortness of breath on exertion',
    pageSpan: { start: 0, end: 31 },
    passage: { start: 0, end: 31 },
    matches: [{ start: 0, end: 9 }],
    score: 0.5,
    scores: {},
    meta: {},
    source: 'local',
    context: 'affirmed',
    why: {
      side: 'both',
      relevance: 'strong',
      words: [{ text: 'shortness' }, { text: 'breath' }],
      evidence: [{ start: 0, end: 31, label: 'affirmed', by: 'words' }],
    },
    ...overrides,
  };
}

/** Lets the in-memory channel and the fake's promises settle. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
