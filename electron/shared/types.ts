import type { z } from 'zod';
import type { QueryExpansion } from './queryExpansion';
import type {
  contextLabelSchema,
  docTypeSchema,
  explainRequestSchema,
  searchContextSchema,
  searchFiltersSchema,
  searchModeSchema,
  searchRequestSchema,
  teamLibraryRequestSchema,
} from './schemas';

/** Domain types shared by the engine, the CLI and the renderer. Plain data only: they cross process boundaries. */

export type DocType = z.infer<typeof docTypeSchema>;

export type SearchMode = z.infer<typeof searchModeSchema>;

export type ContextLabel = z.infer<typeof contextLabelSchema>;

export type SearchContext = z.infer<typeof searchContextSchema>;

export type DocStatus = 'ready' | 'error';

export interface DocMeta {
  noteType?: string;
  /** Date of service as an ISO date (YYYY-MM-DD) when the source states one. */
  date?: string;
  author?: string;
  patient?: string;
  mrn?: string;
}

export interface DocumentInfo {
  id: string;
  path: string;
  title: string;
  type: DocType;
  folder: string;
  status: DocStatus;
  error?: string;
  pages: number;
  chunks: number;
  /** Pages whose text came from OCR. */
  ocrPages: number;
  importedAt: number;
  meta: DocMeta;
}

export type SearchFilters = z.input<typeof searchFiltersSchema>;

export type SearchRequest = z.input<typeof searchRequestSchema>;

export interface Span {
  start: number;
  end: number;
}

/** Which library a hit comes from: this workstation's own, or the team library attached read-only. */
export type HitSource = 'local' | 'team';

export interface SearchHit {
  /** Team documents' ids start with "team:". */
  docId: string;
  chunkId: string;
  title: string;
  path: string;
  type: DocType;
  page: number;
  section?: string;
  text: string;
  /** Offsets of the chunk inside its page's text. */
  pageSpan: Span;
  /** The best-matching passage, as offsets into `text`. */
  passage: Span;
  /** Query words found in `text`, as offsets into `text`. */
  matches: Span[];
  score: number;
  scores: { vector?: number; keyword?: number; fused?: number };
  meta: DocMeta;
  source: HitSource;
  /** What the note says about the hit's evidence: `affirmed` unless it is only denied, a relative's, planned, ... */
  context: ContextLabel;
  /** Ranked below the hits whose evidence is in the context the search asked for. */
  demoted?: boolean;
  why: HitWhy;
}

/** Why a hit matched, in terms a reader can check against the text. */
export interface HitWhy {
  /** Which side of the search found the passage: by meaning (vector), by words (keyword) or both. */
  side: 'meaning' | 'words' | 'both';
  /**
   * How well the passage answers the query, for people: `strong` when both sides found it and a sentence holds the
   * whole query (or one of its expansions), `good` when one of the two holds, `partial` otherwise.
   */
  relevance: 'strong' | 'good' | 'partial';
  /** Words of `text` the keyword side looked for, once each. */
  words: MatchedWord[];
  /** The sentences of `text` that carry the match, each with what the note says there; the one shown first. */
  evidence: Evidence[];
  /** The note section the first evidence sentence is in, when the text names one. */
  section?: string;
}

export interface MatchedWord {
  /** As written in the passage, lower case. */
  text: string;
  /** The query words this one was searched for in place of ("SOB"), when it came from an expansion. */
  via?: string;
}

export interface Evidence extends Span {
  label: ContextLabel;
  /** What set the label: the trigger words ("denies") or the section ("FAMILY HISTORY"). */
  cue?: string;
  /** Found by the words of the query (`words`) or, with no words in common, the passage read for meaning. */
  by: 'words' | 'meaning';
}

export type ExplainRequest = z.input<typeof explainRequestSchema>;

/** The sentence of a hit's text closest to the query by meaning, scored by the model that searched. */
export interface MatchExplanation {
  chunkId: string;
  closest: Evidence & { similarity: number };
}

export interface SearchResponse {
  hits: SearchHit[];
  mode: SearchMode;
  tookMs: number;
  modelId: string;
  /** How the query was widened on the keyword side (absent when nothing was searched by words or expand was off). */
  expansion?: QueryExpansion;
  /** The context the query itself asks about ("denies chest pain": `negated`), `affirmed` for a plain finding. */
  queryContext: ContextLabel;
  /** The words of the query that ask for that context ("denies"), absent for a plain finding. */
  queryContextCue?: string;
  context: SearchContext;
}

export interface FileError {
  path: string;
  kind: string;
  message: string;
}

export interface ImportSummary {
  jobId: string;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: FileError[];
  cancelled: boolean;
}

export type JobState = 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed';

export interface JobProgress {
  jobId: string;
  state: JobState;
  filesTotal: number;
  filesDone: number;
  /** Files being read or embedded right now; a paused job finishes these and starts no other. */
  filesActive: number;
  pagesDone: number;
  chunksDone: number;
  currentFile?: string;
  /** Seconds left, when there is enough progress to estimate. */
  etaSeconds?: number;
  errors: FileError[];
}

export interface ModelInfo {
  id: string;
  dims: number;
  pooling: 'cls' | 'mean';
  maxTokens: number;
  quantization: 'fp32' | 'int8' | 'fp16';
  source: string;
  licence: string;
  active: boolean;
}

export interface PageText {
  page: number;
  text: string;
  ocr: boolean;
}

export interface EngineStatus {
  version: string;
  dataDir: string;
  modelId: string | null;
  modelReady: boolean;
  documents: number;
  chunks: number;
  /** Set while a re-index into another model is running. */
  reindexing?: { modelId: string; done: number; total: number };
}

/** A team library to attach: its s3:// URI, and how to reach the bucket when the AWS_* variables don't say. */
export type TeamLibraryRequest = z.input<typeof teamLibraryRequestSchema>;

export type TeamLibraryState = 'connecting' | 'ready' | 'model-mismatch' | 'unavailable';

/** The attached team library, as Settings shows it. Never carries credentials. */
export interface TeamLibraryStatus {
  uri: string;
  /** The S3 server and region, as configured. */
  server: string;
  state: TeamLibraryState;
  /** What to know or do: the model to install, or why the library can't be read. */
  message?: string;
  /** The model the team library was built with (it must be the one this workstation searches with). */
  modelId: string | null;
  documents: number;
  /** When the library was last read (ms since the epoch). */
  checkedAt?: number;
}
