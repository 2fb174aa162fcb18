import * as lancedb from '@lancedb/lancedb';
import type { FullTextQuery, Table } from '@lancedb/lancedb';
import type { Database } from '../db/database';
import { sqlString } from '../db/database';
import type { ChunkHit, ChunkIndex, VectorQuery } from './chunkIndex';
import type { ChunkColumns } from './chunkColumns';
import { chunkColumnsTable } from './chunkColumns';
import type { ChunkRow } from './schema';
import { CHUNK_TABLE_PREFIX, chunksSchema, chunksTableName } from './schema';

/**
 * Below this many chunks a flat scan is exact and fast enough (LanceDB scans ~10k x 384 in about 20 ms on 2 cores;
 * 25k takes 50-70 ms). Above it an HNSW graph over scalar-quantised vectors (one partition) answers in a few ms; how
 * it is queried (ef, re-rank on full vectors) depends on the storage (`Database.annQuery`). At 100k chunks on 2 cores
 * this measured recall@10 0.957-0.966 against exact search and a 16 s build, where IVF-PQ gave 0.888 and 181 s.
 * `clinote bench --scale <rows>` and `--curve` repeat the measurement.
 */
export const ANN_MIN_ROWS = 10_000;

const COLUMNS = [
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
  'context',
];

type Rows = Record<string, unknown>[];

/** A model's chunk index as a LanceDB table `chunks__<model>`: flat or HNSW vector search, BM25 full-text search. */
export class LanceChunkIndex implements ChunkIndex {
  private ftsReady = false;
  private annReady?: boolean;

  private constructor(
    private readonly db: Database,
    readonly table: Table,
    readonly modelId: string,
    readonly dims: number,
  ) {}

  static async open(db: Database, modelId: string, dims: number): Promise<LanceChunkIndex> {
    return new LanceChunkIndex(db, await db.table(chunksTableName(modelId), chunksSchema(dims)), modelId, dims);
  }

  /** An existing chunk table by name, whatever model made it (installed or not): for purging removed documents. */
  static async openTable(db: Database, name: string, modelId?: string): Promise<LanceChunkIndex> {
    const table = await db.connection.openTable(name);
    const vector = (await table.schema()).fields.find((f) => f.name === 'vector');
    const dims = (vector?.type as { listSize?: number } | undefined)?.listSize ?? 0;
    return new LanceChunkIndex(db, table, modelId ?? name.slice(CHUNK_TABLE_PREFIX.length), dims);
  }

  add(rows: ChunkRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.db.write(async () => void (await this.table.add(rows as unknown as Rows)));
  }

  addColumns(columns: ChunkColumns): Promise<void> {
    if (columns.texts.length === 0) return Promise.resolve();
    return this.db.write(async () => void (await this.table.add(chunkColumnsTable(columns, this.dims))));
  }

  deleteVersion(docId: string, version: string): Promise<void> {
    const where = `docId = ${sqlString(docId)} AND version = ${sqlString(version)}`;
    return this.db.write(async () => void (await this.table.delete(where)));
  }

  deleteDocuments(ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const where = `docId IN (${ids.map(sqlString).join(', ')})`;
    return this.db.write(async () => void (await this.table.delete(where)));
  }

  replaceDocument(docId: string, rows: ChunkRow[], hadRows = true): Promise<void> {
    return this.db.write(async () => {
      if (hadRows) await this.table.delete(`docId = ${sqlString(docId)}`);
      if (rows.length) await this.table.add(rows as unknown as Rows);
    });
  }

  async sweep(live: Set<string>): Promise<number> {
    const dead = new Set<string>();
    for (const r of await this.table.query().select(['docId', 'version']).toArray()) {
      const key = `${r.docId}\u0000${r.version}`;
      if (!live.has(key)) dead.add(key);
    }
    for (const key of dead) {
      const [docId, version] = key.split('\u0000') as [string, string];
      await this.deleteVersion(docId, version);
    }
    return dead.size;
  }

  async vectorsByTextHash(docId: string): Promise<Map<string, Float32Array>> {
    const rows = await this.table
      .query()
      .where(`docId = ${sqlString(docId)}`)
      .select(['textHash', 'vector'])
      .toArray();
    return new Map(rows.map((r) => [r.textHash as string, Float32Array.from(r.vector as ArrayLike<number>)]));
  }

  async versions(): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (const r of await this.table.query().select(['docId', 'version']).toArray()) {
      const docId = r.docId as string;
      if (!out.has(docId)) out.set(docId, new Set());
      out.get(docId)!.add(r.version as string);
    }
    return out;
  }

  async chunk(id: string): Promise<ChunkHit | undefined> {
    const rows = await this.table
      .query()
      .where(`id = ${sqlString(id)}`)
      .select(COLUMNS)
      .limit(1)
      .toArray();
    return rows[0] as ChunkHit | undefined;
  }

  count(): Promise<number> {
    return this.table.countRows();
  }

  async vectorSearch(vector: Float32Array, { k, where, exact }: VectorQuery): Promise<ChunkHit[]> {
    this.annReady ??= await this.hasIndexOn('vector');
    let q = this.table
      .vectorSearch(vector)
      .distanceType('cosine')
      .select([...COLUMNS, '_distance'])
      .limit(k);
    if (where) q = q.where(where);
    if (exact) q = q.bypassVectorIndex();
    else if (this.annReady) {
      const { ef, refine } = this.db.annQuery();
      // HNSW's ef must be at least the rows asked for (times the re-rank), or the search returns fewer.
      q = q.ef(Math.max(ef, k * Math.max(1, refine)));
      if (refine > 0) q = q.refineFactor(refine);
    }
    return (await q.toArray()) as ChunkHit[];
  }

  async keywordSearch(query: string | FullTextQuery, k: number, where?: string): Promise<ChunkHit[]> {
    if (!(await this.ensureFtsIndex())) return [];
    let q = this.table
      .query()
      .fullTextSearch(query, { columns: ['text'] })
      .select([...COLUMNS, '_score'])
      .limit(k);
    if (where) q = q.where(where);
    return (await q.toArray()) as ChunkHit[];
  }

  async docsWithoutContext(): Promise<Set<string>> {
    const rows = await this.table.query().where('context IS NULL').select(['docId']).toArray();
    return new Set(rows.map((r) => r.docId as string));
  }

  async contextRows(docIds: string[], missing: boolean): Promise<ChunkRow[]> {
    if (docIds.length === 0) return [];
    const rows = await this.table
      .query()
      .where(`${missing ? 'context IS NULL AND ' : ''}docId IN (${docIds.map(sqlString).join(', ')})`)
      .toArray();
    // Arrow rows are proxies: copied out field by field into plain rows the merge can write back.
    return rows.map((r) => {
      const row = Object.fromEntries(COLUMNS.map((c) => [c, r[c] as unknown])) as Omit<ChunkRow, 'vector'>;
      return { ...row, vector: Float32Array.from(r.vector as Iterable<number>) };
    });
  }

  updateContext(rows: ChunkRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.db.write(async () => {
      await this.table
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .execute(rows as unknown as Rows);
    });
  }

  optimize(): Promise<void> {
    return this.db.write(async () => {
      if ((await this.table.countRows()) === 0) return;
      await this.ensureFtsIndex();
      await this.ensureVectorIndex();
      await this.db.compact([this.table]);
    });
  }

  compact(keepMs?: number): Promise<void> {
    return this.db.compact([this.table], keepMs);
  }

  async buildVectorIndex(): Promise<void> {
    await this.ensureVectorIndex(0);
  }

  async buildTextIndex(): Promise<void> {
    await this.ensureFtsIndex();
  }

  async sample(limit: number): Promise<Array<{ text: string; vector: Float32Array }>> {
    const rows = await this.table.query().select(['text', 'vector']).limit(limit).toArray();
    // Arrow vectors don't index with [d]; copied out once into plain arrays.
    return rows.map((r) => ({ text: r.text as string, vector: Float32Array.from(r.vector as Iterable<number>) }));
  }

  /** Builds the ANN index once the table is large enough; cheap no-op otherwise. */
  private async ensureVectorIndex(minRows = ANN_MIN_ROWS): Promise<boolean> {
    const rows = await this.table.countRows();
    if (rows < minRows) return false;
    if (await this.hasIndexOn('vector')) return (this.annReady = true);
    await this.db.write(() =>
      this.table.createIndex('vector', {
        // One graph up to a few million rows; beyond that, partitions bound the memory of training.
        config: lancedb.Index.hnswSq({
          distanceType: 'cosine',
          numPartitions: Math.max(1, Math.ceil(rows / 2_000_000)),
          m: 20,
          efConstruction: 150,
        }),
      }),
    );
    return (this.annReady = true);
  }

  /** The full-text index is built once there are rows; rows added later are still searched (unindexed part). */
  private async ensureFtsIndex(): Promise<boolean> {
    if (this.ftsReady) return true;
    if (await this.hasIndexOn('text')) return (this.ftsReady = true);
    // A library attached read-only is searched as its publisher indexed it.
    if (this.db.readOnly || (await this.table.countRows()) === 0) return false;
    await this.db.write(async () => {
      // A search that waited for the writer may find the index another one just built.
      if (await this.hasIndexOn('text')) return;
      await this.table.createIndex('text', {
        config: lancedb.Index.fts({
          withPosition: false,
          stem: true,
          removeStopWords: true,
          lowercase: true,
          asciiFolding: true,
        }),
      });
    });
    return (this.ftsReady = true);
  }

  /**
   * Moves a reader of a shared library to the table's latest version (it stays on the version it read until asked,
   * see `Database.open`). Returns the version now read.
   */
  async refresh(): Promise<number> {
    const before = await this.table.version();
    await this.table.checkoutLatest();
    const after = await this.table.version();
    if (after !== before) {
      this.annReady = undefined;
      this.ftsReady = false;
    }
    return after;
  }

  private async hasIndexOn(column: string): Promise<boolean> {
    return (await this.table.listIndices()).some((i) => i.columns.includes(column));
  }

  close(): void {
    this.table.close();
  }
}
