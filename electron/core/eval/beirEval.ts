import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchMode } from '../../shared/types';
import type { ModelRuntime } from '../modelRuntime';
import { chunkPage } from '../ingest/chunker';
import { runSearch } from '../search/searcher';
import { LanceStore } from '../store/lanceStore';
import type { ChunkRow, DocumentRow } from '../store/schema';
import { sha256 } from '../util/hash';
import type { BeirData } from './beirData';
import { scoreRun } from './metrics';
import type { RetrievalScores } from './metrics';

export interface EvalOptions {
  runtime: ModelRuntime;
  cacheDir: string;
  mode: SearchMode;
  /** Product chunking instead of MTEB's one truncated passage per document. */
  chunked: boolean;
  /** Evaluate only the first N queries (tests). */
  limit?: number;
  onProgress?: (phase: 'embed' | 'search', done: number, total: number) => void;
}

export interface EvalResult extends RetrievalScores {
  mode: SearchMode;
  model: string;
  chunked: boolean;
  corpus: number;
  seconds: { index: number; search: number };
}

const BATCH = 256;

/** Indexes the corpus once per model and chunking into a cache folder, then reuses it for every split and mode. */
async function corpusStore(data: BeirData, opts: EvalOptions): Promise<LanceStore> {
  const m = opts.runtime.manifest;
  const key = sha256(data.corpus.map((d) => d.id).join(',')).slice(0, 12);
  const dir = join(
    opts.cacheDir,
    `${key}-${m.id}-${m.files['model.onnx']!.slice(0, 8)}-${opts.chunked ? 'chunked' : 'mteb'}`,
  );
  await mkdir(dir, { recursive: true });
  const store = await LanceStore.open(dir, m.id, m.dims);
  const marker = join(dir, 'complete.json');
  const done = await readFile(marker, 'utf8').then(JSON.parse, () => null);
  if (done?.count === data.corpus.length) return store;
  await store.clear();
  const embedder = await opts.runtime.embedder();
  const tokenizer = await opts.runtime.tokenizer();
  const chunkTokens = await opts.runtime.chunkTokens();
  for (let i = 0; i < data.corpus.length; i += BATCH) {
    const docs = data.corpus.slice(i, i + BATCH);
    const pieces = docs.flatMap((d) =>
      opts.chunked
        ? chunkPage(1, d.text, {
            maxTokens: chunkTokens,
            overlapTokens: Math.round(chunkTokens * 0.15),
            countTokens: (t) => tokenizer.count(t),
          }).map((c) => ({ d, c }))
        : [{ d, c: { text: d.text, page: 1, start: 0, end: d.text.length } }],
    );
    const vectors = await embedder.embed(
      pieces.map((p) => p.c.text),
      'passage',
    );
    const rows: ChunkRow[] = pieces.map((p, j) => ({
      id: `${p.d.id}:${j}`,
      docId: p.d.id,
      version: 'beir',
      ord: j,
      page: 1,
      start: p.c.start,
      end: p.c.end,
      section: null,
      text: p.c.text,
      textHash: '',
      type: 'note',
      folder: '',
      date: null,
      patient: null,
      vector: vectors[j]!,
    }));
    await store.appendRows(docs.map(docRow), rows);
    opts.onProgress?.('embed', Math.min(i + BATCH, data.corpus.length), data.corpus.length);
  }
  await store.optimize();
  await writeFile(marker, JSON.stringify({ count: data.corpus.length }));
  return store;
}

function docRow(d: { id: string }): DocumentRow {
  return {
    id: d.id,
    path: d.id,
    key: '',
    title: d.id,
    type: 'note',
    folder: '',
    status: 'ready',
    error: null,
    pages: 1,
    chunks: 1,
    ocrPages: 0,
    contentHash: 'beir',
    importedAt: 0,
    size: 0,
    mtime: 0,
    date: null,
    patient: null,
    meta: '{}',
  };
}

export async function evaluateBeir(data: BeirData, opts: EvalOptions): Promise<EvalResult> {
  const t0 = performance.now();
  const store = await corpusStore(data, opts);
  const t1 = performance.now();
  const ready = docRow({ id: '' });
  const run = new Map<string, string[]>();
  const queries = [...data.queries.entries()].slice(0, opts.limit ?? Infinity);
  const qrels = new Map([...data.qrels].filter(([qid]) => queries.some(([id]) => id === qid)));
  let n = 0;
  for (const [qid, text] of queries) {
    const res = await runSearch(
      { store, embedder: () => opts.runtime.embedder(), document: (id) => ({ ...ready, id }) },
      { query: text, mode: opts.mode, k: 100 },
    );
    run.set(
      qid,
      res.hits.map((h) => h.docId),
    );
    opts.onProgress?.('search', ++n, queries.length);
  }
  store.close();
  const scores = scoreRun(run, qrels);
  return {
    ...scores,
    mode: opts.mode,
    model: opts.runtime.manifest.id,
    chunked: opts.chunked,
    corpus: data.corpus.length,
    seconds: { index: (t1 - t0) / 1000, search: (performance.now() - t1) / 1000 },
  };
}
