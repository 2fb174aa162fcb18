import { chunkPage } from '../ingest/chunker';
import type { Chunk } from '../ingest/chunker';
import { chunkPagesWithContext } from '../ingest/contextChunks';
import { clipSpans, PageContext } from '../context';
import type { AnnQuery, Database } from '../db/database';
import { ANN_MIN_ROWS } from '../index/lanceChunkIndex';
import { chunkRows, documentRow } from '../ingest/rows';
import type { Library } from '../library/library';
import type { ModelRuntime } from '../models/modelRuntime';
import type { ModelService } from '../models/modelService';
import { sha256 } from '../util/hash';

/** A text with no file behind it: a document of an evaluation corpus. */
export interface TextDocument {
  id: string;
  title?: string;
  text: string;
}

/** A chunk of the library with its vector (the seeds of a synthetic benchmark library). */
export interface SyntheticChunk {
  text: string;
  vector: Float32Array;
}

/** Made-up chunks for a scale benchmark: texts, their hashes, and their vectors row after row in one array. */
export interface SyntheticBatch {
  texts: string[];
  textHashes: string[];
  vectors: Float32Array;
}

export interface IndexBuildTimes {
  textSeconds: number;
  vectorSeconds: number;
  /** Compaction into large fragments, and folding the last rows into the indexes. */
  compactSeconds: number;
}

const SYNTHETIC_DOC = 'synthetic';

/**
 * The engine's parts that evaluation and benchmarks drive directly, in the product's own code paths: the model as
 * imports use it, bulk loading of texts and vectors, and raw nearest-neighbour queries for recall measurements.
 */
export class EngineTools {
  constructor(
    private readonly library: Library,
    private readonly models: ModelService,
    private readonly db: Database,
  ) {}

  /** How this library's vector index is queried (it depends on where the library is stored). */
  annQuery(): AnnQuery {
    return this.db.annQuery();
  }

  /** The active model: its manifest, embedder, tokenizer and chunking, as imports and searches use them. */
  async model(): Promise<ModelRuntime> {
    return (await this.models.current()).runtime;
  }

  /** A text cut into chunks as an import of it would be, with the active model's chunking. */
  async chunk(text: string): Promise<string[]> {
    const chunking = await (await this.model()).chunking();
    return chunkPage(1, text, chunking).map((c) => c.text);
  }

  /**
   * Imports texts as documents, embedded by the active model. `whole`: one passage a document, truncated to the
   * model's length (MTEB's protocol); otherwise the product's chunking.
   */
  async importTexts(docs: TextDocument[], opts: { whole: boolean }): Promise<void> {
    const { runtime, index } = await this.models.current();
    const chunking = await runtime.chunking();
    const pieces = docs.map((d): Chunk[] => {
      if (!opts.whole) return chunkPagesWithContext([{ page: 1, text: d.text }], chunking);
      const context = clipSpans(new PageContext().next(d.text), 0, d.text.length);
      return [{ text: d.text, page: 1, start: 0, end: d.text.length, context }];
    });
    const vectors = await (
      await runtime.embedder()
    ).embed(
      pieces.flat().map((c) => c.text),
      'passage',
    );
    let next = 0;
    const rows = docs.flatMap((d, i) => {
      const version = sha256(d.text);
      const own = vectors.slice(next, (next += pieces[i]!.length));
      return chunkRows({ id: d.id, version, type: 'note', folder: '', date: null, patient: null }, pieces[i]!, own);
    });
    const docRows = docs.map((d, i) =>
      documentRow({ id: d.id, title: d.title ?? d.id, contentHash: sha256(d.text), chunks: pieces[i]!.length }),
    );
    // Page texts too, as an import keeps them: context is read again from them when the rules change.
    const pages = docs.map((d) => ({ docId: d.id, version: sha256(d.text), page: 1, text: d.text, ocr: false }));
    await this.library.bulkLoad(docRows, rows, index, pages);
  }

  /**
   * Loads made-up chunks as one document, batch by batch as columns: never all of them in memory, and their vectors
   * never as JS numbers (each batch's typed array becomes the vector column as it is).
   */
  async loadSynthetic(batches: AsyncIterable<SyntheticBatch>): Promise<number> {
    const { index } = await this.models.current();
    let ord = 0;
    for await (const batch of batches) {
      await index.addColumns({
        docId: SYNTHETIC_DOC,
        version: 'v',
        type: 'note',
        folder: '/',
        firstOrd: ord,
        texts: batch.texts,
        textHashes: batch.textHashes,
        vectors: batch.vectors,
      });
      ord += batch.texts.length;
    }
    await this.library.bulkLoad([documentRow({ id: SYNTHETIC_DOC, contentHash: 'v', chunks: ord })], [], index);
    return ord;
  }

  /**
   * Builds the indexes as an import's end does (full-text; vector from ANN_MIN_ROWS, or always with `vectorIndex`),
   * then compacts; each step timed apart.
   */
  async buildIndexes(opts: { vectorIndex: boolean }): Promise<IndexBuildTimes> {
    const { index } = await this.models.current();
    const seconds = async (step: () => Promise<void>) => {
      const t = performance.now();
      await step();
      return (performance.now() - t) / 1000;
    };
    const vector = opts.vectorIndex || (await index.count()) >= ANN_MIN_ROWS;
    // The bulk load leaves one fragment per batch. An import compacts as it goes (every few hundred commits), so its
    // indexes are built over few fragments; compacting first does the same here. Compacting after the indexes instead
    // rewrites them too, and at 1M chunks cost as much as building the HNSW graph.
    const merge = await seconds(() => index.compact());
    const textSeconds = await seconds(() => index.buildTextIndex());
    const vectorSeconds = vector ? await seconds(() => index.buildVectorIndex()) : 0;
    return { textSeconds, vectorSeconds, compactSeconds: merge + (await seconds(() => index.optimize())) };
  }

  /** Ids of the k chunks nearest to `vector`: an exact scan, or through the ANN index when there is one. */
  async nearest(vector: Float32Array, k: number, exact: boolean): Promise<string[]> {
    const { index } = await this.models.current();
    return (await index.vectorSearch(vector, { k, exact })).map((h) => h.id);
  }

  /** Up to `limit` chunks of the active model's index with their vectors (seed data for synthetic benchmarks). */
  async sampleChunks(limit: number): Promise<SyntheticChunk[]> {
    const { index } = await this.models.current();
    return index.sample(limit);
  }
}
