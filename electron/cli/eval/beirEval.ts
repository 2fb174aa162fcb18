import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchMode, SearchRequest } from '../../shared/types';
import { EngineError } from '../../shared/result';
import { createEngine, listInstalledModels, SCHEMA_VERSION } from '../../core';
import type { Engine } from '../../core';
import type { BeirData } from './beirData';
import { scoreRun } from './metrics';
import type { RetrievalScores } from './metrics';

/**
 * What the search does besides fusing the two sides: `clinical` (the default) reads each hit's context and ranks
 * denied, relatives', planned and possible mentions below affirmed ones, and widens the keyword side with the
 * clinical vocabulary; `plain` does neither (every mention in relevance order, the query's words as typed).
 */
export type Pipeline = 'clinical' | 'plain';

export const PIPELINES: Record<Pipeline, Pick<SearchRequest, 'context' | 'expand'>> = {
  clinical: {},
  plain: { context: 'all', expand: false },
};

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
  /** The search pipeline of `evaluateBeir` (default clinical); `evaluatePipelines` takes a list. */
  pipeline?: Pipeline;
  onProgress?: (phase: 'embed' | 'search', done: number, total: number) => void;
}

export interface EvalResult extends RetrievalScores {
  mode: SearchMode;
  pipeline: Pipeline;
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
  // The schema version too: a library of an older schema would be upgraded with less context than a fresh import.
  const chunking = opts.chunked ? 'chunked' : 'mteb';
  const dir = join(opts.cacheDir, `${corpusKey}-${opts.modelId}-${weights}-${chunking}-s${SCHEMA_VERSION}`);
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
  if (done?.count === data.corpus.length) {
    // A cached library may be having its context read again under newer rules (a background job at start).
    await engine.whenIdle();
    return engine;
  }
  for (let i = 0; i < data.corpus.length; i += BATCH) {
    await engine.tools.importTexts(data.corpus.slice(i, i + BATCH), { whole: !opts.chunked });
    opts.onProgress?.('embed', Math.min(i + BATCH, data.corpus.length), data.corpus.length);
  }
  await engine.tools.buildIndexes({ vectorIndex: false });
  await writeFile(marker, JSON.stringify({ count: data.corpus.length }));
  return engine;
}

/** A pipeline's ranked document ids per query, and how long its searches took. */
export interface PipelineRun {
  pipeline: Pipeline;
  run: Map<string, string[]>;
  seconds: { index: number; search: number };
  corpus: number;
}

/** Imports the corpus once (cached) and runs every query through each pipeline, top 100 each. */
export async function evaluatePipelines(
  data: BeirData,
  opts: EvalOptions,
  pipelines: Pipeline[],
): Promise<PipelineRun[]> {
  const t0 = performance.now();
  const engine = await corpusEngine(data, opts);
  const index = (performance.now() - t0) / 1000;
  const queries = [...data.queries.entries()].slice(0, opts.limit ?? Infinity);
  const out: PipelineRun[] = [];
  try {
    for (const pipeline of pipelines) {
      const t1 = performance.now();
      const run = new Map<string, string[]>();
      let n = 0;
      for (const [qid, text] of queries) {
        const res = await engine.search({ query: text, mode: opts.mode, k: 100, ...PIPELINES[pipeline] });
        run.set(
          qid,
          res.hits.map((h) => h.docId),
        );
        opts.onProgress?.('search', ++n, queries.length);
      }
      const search = (performance.now() - t1) / 1000;
      out.push({ pipeline, run, seconds: { index, search }, corpus: data.corpus.length });
    }
  } finally {
    await engine.close();
  }
  return out;
}

/** The queries of `run` that the qrels judge (all of them unless `limit` cut the list). */
export function judgedFor(data: BeirData, run: Map<string, string[]>): BeirData['qrels'] {
  return new Map([...data.qrels].filter(([qid]) => run.has(qid)));
}

export async function evaluateBeir(data: BeirData, opts: EvalOptions): Promise<EvalResult> {
  const pipeline = opts.pipeline ?? 'clinical';
  const [r] = await evaluatePipelines(data, opts, [pipeline]);
  return {
    ...scoreRun(r!.run, judgedFor(data, r!.run)),
    mode: opts.mode,
    pipeline,
    model: opts.modelId,
    chunked: opts.chunked,
    corpus: r!.corpus,
    seconds: r!.seconds,
    run: r!.run,
  };
}
