import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchMode } from '../../shared/types';
import { EngineError } from '../../shared/result';
import { createEngine, listInstalledModels } from '../../core';
import type { Engine } from '../../core';
import type { BeirData } from './beirData';
import { scoreRun } from './metrics';
import type { RetrievalScores } from './metrics';

export interface EvalOptions {
  modelsDir: string;
  modelId: string;
  threads?: number;
  /** Evaluation libraries are kept here, one per corpus, model and chunking, and reused by later runs. */
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
  /** Ranked document ids per query, for per-query analysis. */
  run: Map<string, string[]>;
}

const BATCH = 256;

/** The corpus imported into an engine of its own through the product's embedding and search (built once, cached). */
async function corpusEngine(data: BeirData, opts: EvalOptions): Promise<Engine> {
  const corpusKey = createHash('sha256')
    .update(data.corpus.map((d) => d.id).join(','))
    .digest('hex')
    .slice(0, 12);
  const manifest = (await listInstalledModels(opts.modelsDir)).find((m) => m.id === opts.modelId);
  if (!manifest) throw new EngineError('ModelMissing', `Model "${opts.modelId}" is not installed.`, opts.modelId);
  // The weights' checksum in the folder name: a re-imported model with other weights never reuses stale vectors.
  const weights = manifest.files['model.onnx']?.slice(0, 8) ?? 'unknown';
  const dir = join(opts.cacheDir, `${corpusKey}-${opts.modelId}-${weights}-${opts.chunked ? 'chunked' : 'mteb'}`);
  const marker = join(dir, 'complete.json');
  const done = (await readFile(marker, 'utf8').then(JSON.parse, () => null)) as { count?: number } | null;
  if (done?.count !== data.corpus.length) await rm(dir, { recursive: true, force: true });
  const engine = await createEngine({
    dataDir: dir,
    modelsDir: opts.modelsDir,
    modelId: opts.modelId,
    threads: opts.threads,
    resumeImports: false,
  });
  if (done?.count === data.corpus.length) return engine;
  for (let i = 0; i < data.corpus.length; i += BATCH) {
    await engine.tools.importTexts(data.corpus.slice(i, i + BATCH), { whole: !opts.chunked });
    opts.onProgress?.('embed', Math.min(i + BATCH, data.corpus.length), data.corpus.length);
  }
  await engine.tools.buildIndexes({ vectorIndex: false });
  await writeFile(marker, JSON.stringify({ count: data.corpus.length }));
  return engine;
}

export async function evaluateBeir(data: BeirData, opts: EvalOptions): Promise<EvalResult> {
  const t0 = performance.now();
  const engine = await corpusEngine(data, opts);
  const t1 = performance.now();
  const run = new Map<string, string[]>();
  const queries = [...data.queries.entries()].slice(0, opts.limit ?? Infinity);
  const qrels = new Map([...data.qrels].filter(([qid]) => queries.some(([id]) => id === qid)));
  try {
    let n = 0;
    for (const [qid, text] of queries) {
      const res = await engine.search({ query: text, mode: opts.mode, k: 100 });
      run.set(
        qid,
        res.hits.map((h) => h.docId),
      );
      opts.onProgress?.('search', ++n, queries.length);
    }
  } finally {
    await engine.close();
  }
  return {
    ...scoreRun(run, qrels),
    mode: opts.mode,
    model: opts.modelId,
    chunked: opts.chunked,
    corpus: data.corpus.length,
    seconds: { index: (t1 - t0) / 1000, search: (performance.now() - t1) / 1000 },
    run,
  };
}
