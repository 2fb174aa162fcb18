import { chunkPage } from '../ingest/chunker';
import type { Chunk } from '../ingest/chunker';
import { chunkPagesWithContext } from '../ingest/contextChunks';
import { clipSpans, PageContext } from '../context';
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

/** A chunk made up for a scale benchmark: its text and vector. */
export interface SyntheticChunk {
  text: string;
  vector: Float32Array;
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
  ) {}

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

  /** Loads made-up chunks with their vectors as one document, batch by batch (never all of them in memory). */
  async loadSynthetic(batches: AsyncIterable<SyntheticChunk[]>): Promise<number> {
    const { index } = await this.models.current();
    let ord = 0;
    for await (const batch of batches) {
      const chunks = batch.map((c) => ({ text: c.text, page: 1, start: 0, end: c.text.length }));
      const owner = { id: SYNTHETIC_DOC, version: 'v', type: 'note', folder: '/', date: null, patient: null };
      const rows = chunkRows(
        owner,
        chunks,
        batch.map((c) => c.vector),
      ).map((r) => ({ ...r, ord, id: `s${ord++}` }));
      await index.add(rows);
    }
    await this.library.bulkLoad([documentRow({ id: SYNTHETIC_DOC, contentHash: 'v', chunks: ord })], [], index);
    return ord;
  }

  /** Builds the full-text index, and the vector index whatever the table's size when `vectorIndex` is set. */
  async buildIndexes(opts: { vectorIndex: boolean }): Promise<void> {
    const { index } = await this.models.current();
    await index.optimize();
    if (opts.vectorIndex) await index.buildVectorIndex();
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
