import './lanceEnv';
import * as lancedb from '@lancedb/lancedb';
import type { Connection, Table } from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import { EngineError } from '../../shared/result';
import { Semaphore } from '../util/semaphore';
import type { ChunkRow, DocumentRow, PageRow } from './schema';
import { chunksSchema, chunksTableName, documentsSchema, pagesSchema, sqlString } from './schema';

export type ChunkHit = Omit<ChunkRow, 'vector'> & { _distance?: number; _score?: number };

/**
 * Below this many chunks a flat scan is exact and fast enough (LanceDB scans ~10k x 384 in about 20 ms on 2 cores;
 * 25k takes 50-70 ms). Above it an HNSW graph over scalar-quantised vectors (one partition) answers in a few ms, and
 * the best `limit x ANN_REFINE` candidates are re-ranked with the full vectors. At 100k chunks on 2 cores this measured
 * recall@10 0.957-0.966 against exact search and a 16 s build, where IVF-PQ gave 0.888 and 181 s.
 * `clinote bench --scale <rows>` repeats the measurement.
 */
export const ANN_MIN_ROWS = 10_000;
/** Candidates the HNSW search keeps (at least the rows it must return). */
const ANN_EF = 64;
const ANN_REFINE = 3;

/**
 * LanceDB's session caches default to 6 GB of index data and 1 GB of metadata. Every commit adds a manifest listing
 * all fragments, so over a long import of short notes the metadata cache grows with the square of the commits (RSS
 * went from 590 to 840 MB over 2,000 notes); 64 MB holds what queries and writes reuse.
 */
const METADATA_CACHE_BYTES = 64n << 20n;
const INDEX_CACHE_BYTES = 1024n << 20n;
/** Commits between compactions while an import runs, so queries during a long import don't crawl over fragments. */
const COMPACT_EVERY = 200;
/**
 * Old table versions are kept this long for reads still running on them; older versions, and the files only they
 * reference, leave the disk at the next optimize. A removal purges at once: removed text must not linger.
 */
const KEEP_VERSIONS_MS = 2 * 60_000;

const CHUNK_COLUMNS = [
  'id',
  'docId',
  'version',
  'ord',
  'page',
  'start',
  'end',
  'section',
  'text',
  'textHash',
  'type',
  'folder',
  'date',
  'patient',
];

interface PendingWrite {
  doc: DocumentRow;
  pages: PageRow[];
  chunks: ChunkRow[];
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * The documents table held in memory (thousands of small rows), shared by every store on the same index. The engine
 * is the index's only writer, so the copy stays exact; it saves a table scan per imported file.
 */
class DocumentCache {
  private loaded?: Promise<Map<string, DocumentRow>>;

  constructor(private readonly table: Table) {}

  rows(): Promise<Map<string, DocumentRow>> {
    this.loaded ??= this.table
      .query()
      .toArray()
      .then((rows) => new Map((rows as DocumentRow[]).map((d) => [d.id, d])));
    return this.loaded;
  }
}

async function openOrCreate(db: Connection, name: string, schema: Schema): Promise<Table> {
  const names = await db.tableNames();
  if (names.includes(name)) return db.openTable(name);
  return db.createEmptyTable(name, schema, { existOk: true });
}

/**
 * Documents, page texts and one model's chunks in LanceDB. A document's rows are written in an order that makes the
 * document row the commit point: pages and chunks of the new version first, then the document row, then the old
 * version's rows are deleted. Rows of a version no document row names are orphans of a crash and are swept on open.
 */
export class LanceStore {
  private ftsReady = false;
  private annReady?: boolean;
  private readonly queued: PendingWrite[] = [];
  private flushing?: Promise<void>;
  private commits = 0;

  private constructor(
    readonly db: Connection,
    readonly documents: Table,
    readonly pages: Table,
    readonly chunks: Table,
    readonly modelId: string,
    private readonly docs: DocumentCache = new DocumentCache(documents),
    /** One writer at a time across the stores of an index: commits, deletes and compaction never race. */
    private readonly writer: Semaphore = new Semaphore(1),
  ) {}

  static async open(dir: string, modelId: string, dims: number): Promise<LanceStore> {
    try {
      const session = new lancedb.Session(INDEX_CACHE_BYTES, METADATA_CACHE_BYTES);
      const db = await lancedb.connect({ uri: dir, session });
      const documents = await openOrCreate(db, 'documents', documentsSchema);
      const pages = await openOrCreate(db, 'pages', pagesSchema);
      const chunks = await openOrCreate(db, chunksTableName(modelId), chunksSchema(dims));
      const store = new LanceStore(db, documents, pages, chunks, modelId);
      await store.sweepOrphans();
      return store;
    } catch (err) {
      if (err instanceof EngineError) throw err;
      throw new EngineError('StoreCorrupt', `Can't open the index in ${dir}: ${(err as Error).message}`, dir);
    }
  }

  /** Opens another model's chunk table beside this one, sharing documents and pages (for a model switch). */
  async forModel(modelId: string, dims: number): Promise<LanceStore> {
    const chunks = await openOrCreate(this.db, chunksTableName(modelId), chunksSchema(dims));
    return new LanceStore(this.db, this.documents, this.pages, chunks, modelId, this.docs, this.writer);
  }

  async listDocuments(): Promise<DocumentRow[]> {
    return [...(await this.docs.rows()).values()];
  }

  async getDocument(id: string): Promise<DocumentRow | undefined> {
    return (await this.docs.rows()).get(id);
  }

  /** The documents read from one file (one, or one per row of an export). */
  async documentsAtPath(path: string): Promise<DocumentRow[]> {
    return [...(await this.docs.rows()).values()].filter((d) => d.path === path);
  }

  async pageTexts(docId: string, version: string): Promise<PageRow[]> {
    const rows = (await this.pages
      .query()
      .where(`docId = ${sqlString(docId)} AND version = ${sqlString(version)}`)
      .toArray()) as PageRow[];
    return rows.sort((a, b) => a.page - b.page);
  }

  /** Vectors of a document's current chunks by text hash, so unchanged text is never embedded twice. */
  async vectorsByTextHash(docId: string): Promise<Map<string, Float32Array>> {
    const rows = await this.chunks
      .query()
      .where(`docId = ${sqlString(docId)}`)
      .select(['textHash', 'vector'])
      .toArray();
    const out = new Map<string, Float32Array>();
    for (const r of rows) out.set(r.textHash as string, Float32Array.from(r.vector as ArrayLike<number>));
    return out;
  }

  /**
   * Writes a document's new version. Writes that arrive while another is in flight are grouped into one commit per
   * table (LanceDB makes a version and a fragment per write, so one write per document would dominate an import of
   * many short notes); each document's rows keep the commit-point order.
   */
  writeDocument(doc: DocumentRow, pageRows: PageRow[], chunkRows: ChunkRow[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ doc, pages: pageRows, chunks: chunkRows, resolve, reject });
      // Starting on the next turn lets writes issued together (a burst of short notes) share the first commit.
      this.flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0);
      await this.writer.run(() => this.commitBatch(batch));
      // Compaction only speeds things up; a failure here leaves the data as it was and the import goes on.
      if (++this.commits % COMPACT_EVERY === 0) await this.writer.run(() => this.compact()).catch(() => undefined);
    }
    this.flushing = undefined;
  }

  private async commitBatch(batch: PendingWrite[]): Promise<void> {
    try {
      await this.writeBatch(batch);
      for (const w of batch) w.resolve();
    } catch {
      // Undo what the group wrote, then write each document alone so one bad document fails only itself.
      for (const w of batch) await this.deleteVersion(w.doc.id, w.doc.contentHash).catch(() => undefined);
      for (const w of batch) {
        try {
          await this.writeBatch([w]);
          w.resolve();
        } catch (err) {
          await this.deleteVersion(w.doc.id, w.doc.contentHash).catch(() => undefined);
          w.reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    const known = await this.docs.rows();
    const pageRows = batch.flatMap((w) => w.pages);
    const chunkRows = batch.flatMap((w) => w.chunks);
    if (pageRows.length) await this.pages.add(pageRows as unknown as Record<string, unknown>[]);
    if (chunkRows.length) await this.chunks.add(chunkRows as unknown as Record<string, unknown>[]);
    const fresh = batch.filter((w) => !known.has(w.doc.id)).map((w) => w.doc);
    const replacing = batch.filter((w) => known.has(w.doc.id)).map((w) => w.doc);
    if (fresh.length) await this.documents.add(fresh as unknown as Record<string, unknown>[]);
    if (replacing.length) {
      await this.documents
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute(replacing as unknown as Record<string, unknown>[]);
    }
    for (const w of batch) {
      const previous = known.get(w.doc.id);
      known.set(w.doc.id, w.doc);
      if (previous && previous.contentHash && previous.contentHash !== w.doc.contentHash) {
        await this.deleteVersion(w.doc.id, previous.contentHash);
      }
    }
  }

  /** Bulk load for evaluation and benchmark indexes: documents with their chunks, no page texts, no old versions. */
  async appendRows(docs: DocumentRow[], chunkRows: ChunkRow[]): Promise<void> {
    await this.writer.run(async () => {
      if (chunkRows.length) await this.chunks.add(chunkRows as unknown as Record<string, unknown>[]);
      if (docs.length) await this.documents.add(docs as unknown as Record<string, unknown>[]);
      const known = await this.docs.rows();
      for (const d of docs) known.set(d.id, d);
    });
  }

  /** Empties the index (evaluation indexes are rebuilt from scratch). */
  async clear(): Promise<void> {
    await this.writer.run(async () => {
      await this.chunks.delete('true');
      await this.pages.delete('true');
      await this.documents.delete('true');
      (await this.docs.rows()).clear();
    });
  }

  /** A failed file keeps a document row with its error and no content rows. */
  async writeFailure(doc: DocumentRow): Promise<void> {
    await this.writer.run(async () => {
      await this.removeRows([doc.id]);
      await this.documents.add([doc] as unknown as Record<string, unknown>[]);
      (await this.docs.rows()).set(doc.id, doc);
    });
  }

  /** Removes documents and their rows, then purges the old table versions that still held them from the disk. */
  async removeDocuments(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.writer.run(async () => {
      await this.removeRows(ids);
      await this.compact(0);
    });
  }

  /** One delete per table for all the documents (each delete is a LanceDB commit). */
  private async removeRows(ids: string[]): Promise<void> {
    const list = ids.map(sqlString).join(', ');
    await this.documents.delete(`id IN (${list})`);
    const known = await this.docs.rows();
    for (const id of ids) known.delete(id);
    await this.chunks.delete(`docId IN (${list})`);
    await this.pages.delete(`docId IN (${list})`);
  }

  private async deleteVersion(docId: string, version: string): Promise<void> {
    const where = `docId = ${sqlString(docId)} AND version = ${sqlString(version)}`;
    await this.chunks.delete(where);
    await this.pages.delete(where);
  }

  /** Deletes content rows left by a crash between writing a document's content and its document row. */
  async sweepOrphans(): Promise<number> {
    const docs = await this.documents.query().select(['id', 'contentHash', 'status']).toArray();
    const live = new Set(docs.filter((d) => d.status === 'ready').map((d) => `${d.id}\u0000${d.contentHash}`));
    let swept = 0;
    for (const table of [this.chunks, this.pages]) {
      const rows = await table.query().select(['docId', 'version']).toArray();
      const dead = new Set<string>();
      for (const r of rows) {
        const key = `${r.docId}\u0000${r.version}`;
        if (!live.has(key)) dead.add(key);
      }
      for (const key of dead) {
        const [docId, version] = key.split('\u0000') as [string, string];
        await table.delete(`docId = ${sqlString(docId)} AND version = ${sqlString(version)}`);
        swept++;
      }
    }
    return swept;
  }

  /** Which versions of which documents this table holds chunks for (one scan of two columns). */
  async chunkVersions(): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (const r of await this.chunks.query().select(['docId', 'version']).toArray()) {
      const docId = r.docId as string;
      if (!out.has(docId)) out.set(docId, new Set());
      out.get(docId)!.add(r.version as string);
    }
    return out;
  }

  /**
   * Used when re-embedding into another model's table: the document's rows of this table only, written in one
   * commit. `replace` first deletes rows of other versions the table still holds for the document.
   */
  async replaceChunks(docId: string, rows: ChunkRow[], replace = true): Promise<void> {
    await this.writer.run(async () => {
      if (replace) await this.chunks.delete(`docId = ${sqlString(docId)}`);
      if (rows.length) await this.chunks.add(rows as unknown as Record<string, unknown>[]);
    });
  }

  async countChunks(): Promise<number> {
    return this.chunks.countRows();
  }

  async vectorSearch(vector: Float32Array, k: number, where?: string, exact = false): Promise<ChunkHit[]> {
    this.annReady ??= (await this.chunks.listIndices()).some((i) => i.columns.includes('vector'));
    let q = this.chunks
      .vectorSearch(vector)
      .distanceType('cosine')
      .select([...CHUNK_COLUMNS, '_distance'])
      .limit(k);
    if (where) q = q.where(where);
    if (exact) q = q.bypassVectorIndex();
    else if (this.annReady) q = q.ef(Math.max(ANN_EF, k * ANN_REFINE)).refineFactor(ANN_REFINE);
    return (await q.toArray()) as ChunkHit[];
  }

  /** Builds the ANN index once the table is large enough; cheap no-op otherwise. */
  async ensureVectorIndex(minRows = ANN_MIN_ROWS): Promise<boolean> {
    const rows = await this.chunks.countRows();
    if (rows < minRows) return false;
    if ((await this.chunks.listIndices()).some((i) => i.columns.includes('vector'))) return (this.annReady = true);
    await this.chunks.createIndex('vector', {
      // One graph up to a few million rows; beyond that, partitions bound the memory of training.
      config: lancedb.Index.hnswSq({
        distanceType: 'cosine',
        numPartitions: Math.max(1, Math.ceil(rows / 2_000_000)),
        m: 20,
        efConstruction: 150,
      }),
    });
    return (this.annReady = true);
  }

  async keywordSearch(query: string, k: number, where?: string): Promise<ChunkHit[]> {
    await this.ensureFtsIndex();
    if (!this.ftsReady) return [];
    let q = this.chunks
      .query()
      .fullTextSearch(query, { columns: ['text'] })
      .select([...CHUNK_COLUMNS, '_score'])
      .limit(k);
    if (where) q = q.where(where);
    return (await q.toArray()) as ChunkHit[];
  }

  /** The full-text index is built once there are rows; rows added later are still searched (unindexed part). */
  async ensureFtsIndex(): Promise<void> {
    if (this.ftsReady) return;
    const indices = await this.chunks.listIndices();
    if (indices.some((i) => i.columns.includes('text'))) {
      this.ftsReady = true;
      return;
    }
    if ((await this.chunks.countRows()) === 0) return;
    await this.chunks.createIndex('text', {
      config: lancedb.Index.fts({
        withPosition: false,
        stem: true,
        removeStopWords: true,
        lowercase: true,
        asciiFolding: true,
      }),
    });
    this.ftsReady = true;
  }

  /** After a batch: builds the indexes the table has grown into, folds new rows into them and compacts. */
  async optimize(): Promise<void> {
    await this.writer.run(async () => {
      if ((await this.chunks.countRows()) === 0) return;
      await this.ensureFtsIndex();
      await this.ensureVectorIndex();
      await this.compact();
    });
  }

  /** Merges small fragments, updates existing indexes and drops versions older than `keepMs`. Holds the writer. */
  private async compact(keepMs = KEEP_VERSIONS_MS): Promise<void> {
    for (const table of [this.chunks, this.pages, this.documents]) {
      await table.optimize({ cleanupOlderThan: new Date(Date.now() - keepMs) });
      // Within one call the version the compaction replaced (which still names the rewritten files) survives the
      // prune (seen in tests/integration/store.test.ts); a second pass drops it.
      if (keepMs === 0) await table.optimize({ cleanupOlderThan: new Date() });
    }
  }

  close(): void {
    this.documents.close();
    this.pages.close();
    this.chunks.close();
  }
}
