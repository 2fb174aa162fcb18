import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, parseObjectUri } from '../../core';
import type { Engine, IndexBuildTimes, StorageSettings } from '../../core';
import { copyToBucket } from './bucketCopy';
import { measure, PeakMemory, processMaxRssMb } from './memory';
import { median, percentile } from './stats';
import type { Seeds } from './synthetic';
import { syntheticBatches } from './synthetic';

export interface LatencyFigures {
  mode: 'vector' | 'hybrid';
  p50Ms: number;
  p99Ms: number;
}

/** Searching one library: recall of the ANN index against exact search, and end-to-end query latency. */
export interface SearchFigures {
  recallAt10: number;
  /** How the vector index was queried (per storage). */
  ann: { ef: number; refine: number };
  /** The first query after opening (loads the vector index). */
  firstQueryMs: number;
  latency: LatencyFigures[];
  queries: number;
  peakRssMb: number;
  peakHeapMb: number;
}

export interface ScaleFigures {
  chunks: number;
  seeds: number;
  loadSeconds: number;
  index: IndexBuildTimes;
  /** Load plus every index step. */
  buildSeconds: number;
  buildPeakRssMb: number;
  buildPeakHeapMb: number;
  local: SearchFigures;
  /** The same library copied to a bucket and searched there, when a bucket was given. */
  s3?: SearchFigures & { uri: string; copySeconds: number; copiedMb: number };
  /** The kernel's peak resident set of the building process (which also embedded the seeds) and the searching one. */
  buildMaxRssMb: number;
  searchMaxRssMb: number;
}

export interface ScaleOptions {
  modelsDir: string;
  /** The library's own model when absent. */
  modelId?: string;
  threads: number;
  log: (s: string) => void;
}

/** What the search process reports. */
export interface SearchReport {
  model: string;
  local: SearchFigures;
  s3?: ScaleFigures['s3'];
  processMaxRssMb: number;
}

const WARM_UP = 10;

/**
 * Query latency and ANN recall at a scale no fixture reaches: real chunks (text and vectors) mixed pairwise with
 * noise into `rows` synthetic chunks, loaded in batches whose vectors stay in typed arrays and indexed as an
 * import's end indexes them, here; then searched end to end (query embedding included) by `search`, which runs in a
 * fresh process (`searchLibrary` there), as an app opening the library would.
 */
export async function benchScale(
  seeds: Seeds,
  rows: number,
  opts: ScaleOptions,
  search: (dataDir: string) => Promise<SearchReport>,
): Promise<ScaleFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'clinote-scale-'));
  const { modelsDir, modelId, threads, log } = opts;
  let engine: Engine | undefined = await createEngine({
    dataDir: dir,
    modelsDir,
    modelId,
    threads,
    resumeImports: false,
  });
  try {
    log(`scale ${rows}: loading synthetic chunks...`);
    const load = await measure(() => engine!.tools.loadSynthetic(syntheticBatches(seeds, rows)));
    log(`scale ${rows}: loaded in ${load.seconds.toFixed(0)} s; building indexes...`);
    const build = await measure(() => engine!.tools.buildIndexes({ vectorIndex: false }));
    log(`scale ${rows}: indexes built in ${build.seconds.toFixed(0)} s`);
    await engine.close();
    engine = undefined;
    const buildMaxRssMb = processMaxRssMb();
    const searched = await search(dir);
    return {
      chunks: rows,
      seeds: seeds.texts.length,
      loadSeconds: load.seconds,
      index: build.value,
      buildSeconds: load.seconds + build.seconds,
      buildPeakRssMb: Math.max(load.memory.peakRssMb, build.memory.peakRssMb),
      buildPeakHeapMb: Math.max(load.memory.peakHeapMb, build.memory.peakHeapMb),
      local: searched.local,
      ...(searched.s3 ? { s3: searched.s3 } : {}),
      buildMaxRssMb,
      searchMaxRssMb: searched.processMaxRssMb,
    };
  } finally {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The search half, in a process of its own: opens the library built in `dataDir`, takes exact search as the ground
 * truth, and measures recall and latency; then, given a bucket, copies the library there and searches the copy.
 */
export async function searchLibrary(
  dataDir: string,
  queries: string[],
  opts: ScaleOptions & { s3?: { uri: string; storage: StorageSettings } },
): Promise<SearchReport> {
  const { modelsDir, modelId, threads, log } = opts;
  const engine = await createEngine({ dataDir, modelsDir, modelId, threads, resumeImports: false });
  let vectors: Float32Array[];
  const exact: string[][] = [];
  let local: SearchFigures;
  let model: string;
  try {
    model = (await engine.tools.model()).manifest.id;
    vectors = await embedQueries(engine, queries);
    log('exact search for the ground truth...');
    for (const v of vectors) exact.push(await engine.tools.nearest(v, 10, true));
    log('searching locally...');
    local = await measureSearch(engine, queries, vectors, exact);
  } finally {
    await engine.close();
  }
  const s3 = opts.s3 ? await benchBucket(dataDir, queries, vectors, exact, { ...opts, s3: opts.s3 }) : undefined;
  return { model, local, ...(s3 ? { s3 } : {}), processMaxRssMb: processMaxRssMb() };
}

async function benchBucket(
  dir: string,
  queries: string[],
  vectors: Float32Array[],
  exact: string[][],
  opts: ScaleOptions & { s3: { uri: string; storage: StorageSettings } },
): Promise<NonNullable<ScaleFigures['s3']>> {
  const { modelsDir, modelId, threads, log } = opts;
  const base = parseObjectUri(opts.s3.uri);
  const prefix = [base.prefix, `scale-${Date.now()}`].filter(Boolean).join('/');
  const uri = `s3://${base.bucket}/${prefix}`;
  log(`copying the library to ${uri}...`);
  const t = performance.now();
  const bytes = await copyToBucket(join(dir, 'index'), base.bucket, prefix, opts.s3.storage);
  const copySeconds = (performance.now() - t) / 1000;
  const reader = await createEngine({
    dataDir: join(dir, 'reader'),
    modelsDir,
    modelId,
    threads,
    resumeImports: false,
    shared: { uri, storage: opts.s3.storage, access: 'read' },
  });
  try {
    log('searching the copy in the bucket...');
    const figures = await measureSearch(reader, queries, vectors, exact);
    return { ...figures, uri, copySeconds, copiedMb: Math.round(bytes / 2 ** 20) };
  } finally {
    await reader.close();
  }
}

async function embedQueries(engine: Engine, queries: string[]): Promise<Float32Array[]> {
  const embedder = await (await engine.tools.model()).embedder();
  const out: Float32Array[] = [];
  for (const q of queries) out.push((await embedder.embed([q], 'query'))[0]!);
  return out;
}

async function measureSearch(
  engine: Engine,
  queries: string[],
  vectors: Float32Array[],
  exact: string[][],
): Promise<SearchFigures> {
  const peak = new PeakMemory();
  try {
    let t = performance.now();
    await engine.search({ query: queries[0]!, mode: 'vector', k: 10 });
    const firstQueryMs = performance.now() - t;
    for (const q of queries.slice(1, WARM_UP)) await engine.search({ query: q, mode: 'hybrid', k: 10 });
    let overlap = 0;
    for (let i = 0; i < vectors.length; i++) {
      const truth = new Set(exact[i]);
      const found = await engine.tools.nearest(vectors[i]!, 10, false);
      overlap += found.filter((id) => truth.has(id)).length / Math.max(1, truth.size);
    }
    const latency: LatencyFigures[] = [];
    for (const mode of ['vector', 'hybrid'] as const) {
      const times: number[] = [];
      for (const q of queries) {
        t = performance.now();
        await engine.search({ query: q, mode, k: 10 });
        times.push(performance.now() - t);
      }
      latency.push({ mode, p50Ms: median(times), p99Ms: percentile(times, 99) });
    }
    const memory = peak.stop();
    return {
      recallAt10: overlap / vectors.length,
      ann: engine.tools.annQuery(),
      firstQueryMs,
      latency,
      queries: queries.length,
      ...memory,
    };
  } finally {
    peak.stop();
  }
}
