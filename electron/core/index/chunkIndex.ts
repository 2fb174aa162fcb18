import type { FullTextQuery } from '@lancedb/lancedb';
import type { HitSource } from '../../shared/types';
import type { ChunkColumns } from './chunkColumns';
import type { ChunkRow } from './schema';

export type { ChunkRow } from './schema';

/** A chunk as search returns it: every column but the vector, with the score of the side that found it. */
export type ChunkHit = Omit<ChunkRow, 'vector'> & { _distance?: number; _score?: number; source?: HitSource };

export interface VectorQuery {
  k: number;
  /** A SQL predicate over the chunk columns (filters). */
  where?: string;
  /** Bypass the ANN index (exact scan), for recall measurements. */
  exact?: boolean;
}

/**
 * One model's chunks and vectors: what vector and keyword search run on. Each model has its own index, so vectors of
 * two models never mix; the library (documents, pages) is shared by all of them. Writes from the library's commit
 * run inside its write; the index never decides on its own which document versions are live.
 */
export interface ChunkIndex {
  readonly modelId: string;
  readonly dims: number;
  add(rows: ChunkRow[]): Promise<void>;
  /** Bulk rows as columns with their vectors in one typed array (benchmarks' synthetic libraries). */
  addColumns(columns: ChunkColumns): Promise<void>;
  deleteVersion(docId: string, version: string): Promise<void>;
  deleteDocuments(ids: string[]): Promise<void>;
  /** A document's rows replaced by these (re-embedding into another model); `hadRows` false skips the delete. */
  replaceDocument(docId: string, rows: ChunkRow[], hadRows?: boolean): Promise<void>;
  /** Deletes rows whose `docId\0version` is not in `live`: content a crash left before its document row. */
  sweep(live: Set<string>): Promise<number>;
  /** Vectors of a document's current chunks by text hash, so unchanged text is never embedded twice. */
  vectorsByTextHash(docId: string): Promise<Map<string, Float32Array>>;
  /** Which versions of which documents the index holds (one scan of two columns). */
  versions(): Promise<Map<string, Set<string>>>;
  vectorSearch(vector: Float32Array, query: VectorQuery): Promise<ChunkHit[]>;
  /** BM25 over the chunk text: a plain query string, or a structured one (weighted expansions). */
  keywordSearch(query: string | FullTextQuery, k: number, where?: string): Promise<ChunkHit[]>;
  /** Documents with rows written before context was stored (null `context`): what the backfill must still read. */
  docsWithoutContext(): Promise<Set<string>>;
  /** Those documents' rows, every column; only the rows without context yet when `missing`. */
  contextRows(docIds: string[], missing: boolean): Promise<ChunkRow[]>;
  /** Rewrites rows by id with their `context` filled in; rows gone meanwhile (a newer import) stay gone. */
  updateContext(rows: ChunkRow[]): Promise<void>;
  /** One chunk by id, every column but the vector. */
  chunk(id: string): Promise<ChunkHit | undefined>;
  count(): Promise<number>;
  /** Builds the indexes the table has grown into, folds new rows into them and compacts. */
  optimize(): Promise<void>;
  /** Builds the ANN vector index now, whatever the table's size (benchmarks; `optimize` builds it from 10k rows). */
  buildVectorIndex(): Promise<void>;
  /** Builds the full-text index now (benchmarks time it apart from the vector index). */
  buildTextIndex(): Promise<void>;
  /** Up to `limit` rows' text and vector (seed data for synthetic benchmarks). */
  sample(limit: number): Promise<Array<{ text: string; vector: Float32Array }>>;
  /** Compacts and drops old versions (0: now, so removed text leaves the disk). */
  compact(keepMs?: number): Promise<void>;
  close(): void;
}
