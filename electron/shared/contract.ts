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
} from './types';

/**
 * The one interface between the UI and the engine. The engine implements it in Node; the renderer (over the desktop
 * app's MessagePort or the harness's WebSocket) and tests derive their clients from it through `transport/rpc.ts`.
 * Every method resolves with a value or rejects with an `EngineError` whose kind is one of `ERROR_KINDS`; over the
 * wire the error travels as data.
 */
export interface EngineApi {
  /** Engine version, data folder, active model and counts. Never loads the model. */
  getStatus(): Promise<EngineStatus>;

  /**
   * Imports files and folders (recursively). Returns at once with the job id; progress arrives as `jobs/progress`
   * events and the outcome as `jobs/done`. Per-file failures never stop the batch.
   * @throws BadInput when `paths` is empty.
   */
  importFiles(paths: string[]): Promise<{ jobId: string }>;

  /** Cancels a queued or running job; documents already finished stay imported. */
  cancelJob(jobId: string): Promise<void>;

  /** Pauses or resumes a running job between documents. */
  setJobPaused(jobId: string, paused: boolean): Promise<void>;

  /** Current state of every job of this session. */
  listJobs(): Promise<JobProgress[]>;

  /**
   * Ranked matches for a query. Hybrid mode (the default) fuses vector and keyword ranks.
   * @throws ModelMissing when no model is installed; BadInput for an empty query or bad filters.
   */
  search(request: SearchRequest): Promise<SearchResponse>;

  /**
   * The sentence of a hit's passage closest to the query by meaning, with what the note says there (embeds that
   * passage's sentences, so it is asked for on request, not with every search).
   * @throws BadInput for an unknown chunk (a document removed or changed since the search).
   */
  explainMatch(request: ExplainRequest): Promise<MatchExplanation>;

  /** Every imported document, failed ones included with their error. */
  listDocuments(): Promise<DocumentInfo[]>;

  /** Removes documents and their chunks. Unknown ids are ignored. */
  removeDocuments(ids: string[]): Promise<{ removed: number }>;

  /** Re-reads documents from disk, re-embedding only changed text. */
  reindexDocuments(ids: string[]): Promise<{ jobId: string }>;

  /** The page texts of a document (for the note viewer and highlighting). @throws BadInput for an unknown id. */
  getDocumentText(id: string): Promise<PageText[]>;

  /** The original bytes of a document, for the PDF viewer. @throws BadInput for an unknown id. */
  getDocumentBytes(id: string): Promise<Uint8Array>;

  /** Installed models, the active one marked. */
  listModels(): Promise<ModelInfo[]>;

  /**
   * Makes another installed model the active one: re-embeds every document into a new table in the background while
   * the old one keeps serving, then switches. Returns the job id. @throws ModelMissing for an unknown model.
   */
  switchModel(modelId: string): Promise<{ jobId: string }>;

  /** The imported folders kept in sync (new and changed files imported, deleted ones removed). */
  listWatchedFolders(): Promise<string[]>;

  /**
   * Stops keeping a folder in sync, now and after a restart; its documents stay in the library.
   * @throws BadInput when the folder is not kept in sync.
   */
  unwatchFolder(path: string): Promise<void>;

  /** Engine settings a person may change. */
  updateSettings(settings: { threads?: number }): Promise<void>;

  /**
   * Attaches a team library (a library another workstation publishes to s3://bucket/prefix) read-only: searches then
   * cover both, fused as one ranking, each hit labelled with its source. Remembered across restarts.
   * @throws BadInput for a bad URI or nothing published there; Offline / FileUnreadable when the bucket can't be read.
   */
  attachTeamLibrary(request: TeamLibraryRequest): Promise<TeamLibraryStatus>;

  /** Stops searching the team library and forgets it (and any credentials kept for it). */
  detachTeamLibrary(): Promise<void>;

  /** The attached team library, re-read if stale; null when none is attached. */
  getTeamLibraryStatus(): Promise<TeamLibraryStatus | null>;
}

/** Events the engine pushes to every connected client. */
export interface EngineEvents {
  'jobs/progress': JobProgress;
  'jobs/done': ImportSummary;
  'documents/changed': { ids: string[] };
}

export type EngineMethod = keyof EngineApi;
export type EngineEventName = keyof EngineEvents;

/** Wire names are `domain/verb`; the table is the whole RPC surface and the allow-list the servers check against. */
export const METHOD_WIRE_NAMES: { readonly [M in EngineMethod]: string } = {
  getStatus: 'engine/getStatus',
  importFiles: 'jobs/importFiles',
  cancelJob: 'jobs/cancel',
  setJobPaused: 'jobs/setPaused',
  listJobs: 'jobs/list',
  search: 'search/query',
  explainMatch: 'search/explain',
  listDocuments: 'documents/list',
  removeDocuments: 'documents/remove',
  reindexDocuments: 'documents/reindex',
  getDocumentText: 'documents/getText',
  getDocumentBytes: 'documents/getBytes',
  listModels: 'models/list',
  switchModel: 'models/switch',
  listWatchedFolders: 'folders/list',
  unwatchFolder: 'folders/unwatch',
  updateSettings: 'engine/updateSettings',
  attachTeamLibrary: 'team/attach',
  detachTeamLibrary: 'team/detach',
  getTeamLibraryStatus: 'team/status',
};

export const ENGINE_METHODS = Object.keys(METHOD_WIRE_NAMES) as EngineMethod[];
