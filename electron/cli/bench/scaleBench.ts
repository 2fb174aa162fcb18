import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../core';
import type { SyntheticChunk } from '../../core';
import { median, percentile } from './stats';

export interface ScaleFigures {
  chunks: number;
  buildSeconds: number;
  annIndexSeconds: number;
  recallAt10: number;
  latency: Array<{ mode: string; p50Ms: number; p99Ms: number }>;
}

/** A seeded PRNG, so two runs build the same synthetic table. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `rows` synthetic chunks in batches: real chunks (text and vector) mixed pairwise with a little noise. */
async function* synthetic(seed: SyntheticChunk[], rows: number, batch = 10_000): AsyncIterable<SyntheticChunk[]> {
  const rand = mulberry32(7);
  const dims = seed[0]!.vector.length;
  for (let start = 0; start < rows; start += batch) {
    const out: SyntheticChunk[] = [];
    for (let i = start; i < Math.min(rows, start + batch); i++) {
      const a = seed[Math.floor(rand() * seed.length)]!;
      const b = seed[Math.floor(rand() * seed.length)]!;
      const w = rand();
      const v = new Float32Array(dims);
      let norm = 0;
      for (let d = 0; d < dims; d++) {
        v[d] = w * a.vector[d]! + (1 - w) * b.vector[d]! + (rand() - 0.5) * 0.02;
        norm += v[d]! * v[d]!;
      }
      for (let d = 0; d < dims; d++) v[d]! /= Math.sqrt(norm);
      out.push({ text: w > 0.5 ? a.text : b.text, vector: v });
    }
    yield out;
  }
}

/**
 * Query latency and ANN recall at a scale no fixture reaches: real chunks (text and vectors) are mixed pairwise with
 * noise into `rows` synthetic chunks, so vectors spread like real ones and keyword search has real words to index.
 * The synthetic library is an engine of its own, searched end to end like any other.
 */
export async function benchScale(
  seed: SyntheticChunk[],
  rows: number,
  queries: string[],
  model: { modelsDir: string; modelId: string; threads: number },
): Promise<ScaleFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'clinote-scale-'));
  const engine = await createEngine({ dataDir: dir, ...model, resumeImports: false });
  try {
    const t0 = performance.now();
    await engine.tools.loadSynthetic(synthetic(seed, rows));
    await engine.tools.buildIndexes({ vectorIndex: false });
    const t1 = performance.now();
    await engine.tools.buildIndexes({ vectorIndex: true });
    const t2 = performance.now();
    const embedder = await (await engine.tools.model()).embedder();
    let overlap = 0;
    for (const q of queries) {
      const [v] = await embedder.embed([q], 'query');
      const exact = new Set(await engine.tools.nearest(v!, 10, true));
      overlap += (await engine.tools.nearest(v!, 10, false)).filter((id) => exact.has(id)).length / exact.size;
    }
    const latency = [];
    for (const mode of ['vector', 'hybrid'] as const) {
      const times: number[] = [];
      for (const q of queries) {
        const s = performance.now();
        await engine.search({ query: q, mode, k: 10 });
        times.push(performance.now() - s);
      }
      latency.push({ mode, p50Ms: median(times), p99Ms: percentile(times, 99) });
    }
    return {
      chunks: rows,
      buildSeconds: (t1 - t0) / 1000,
      annIndexSeconds: (t2 - t1) / 1000,
      recallAt10: overlap / queries.length,
      latency,
    };
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}
