import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelRuntime } from '../modelRuntime';
import { runSearch } from '../search/searcher';
import { LanceStore } from '../store/lanceStore';
import type { ChunkRow, DocumentRow } from '../store/schema';
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

/**
 * Query latency and ANN recall at a scale no fixture reaches: real chunks (text and vectors) are mixed pairwise with
 * noise into `rows` synthetic chunks, so vectors spread like real ones and keyword search has real words to index.
 */
export async function benchScale(
  seed: ChunkRow[],
  rows: number,
  queries: string[],
  rt: ModelRuntime,
): Promise<ScaleFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'clinote-scale-'));
  const dims = rt.manifest.dims;
  const rand = mulberry32(7);
  // Rows read back from LanceDB hold Arrow vectors, which don't index with [d]; copy them out once.
  const seedVectors = seed.map((r) => Float32Array.from(r.vector as unknown as Iterable<number>));
  try {
    const store = await LanceStore.open(dir, rt.manifest.id, dims);
    const t0 = performance.now();
    const doc: DocumentRow = {
      id: 'd',
      path: '/synthetic',
      key: '',
      title: 'synthetic',
      type: 'note',
      folder: '/',
      status: 'ready',
      error: null,
      pages: 1,
      chunks: rows,
      ocrPages: 0,
      contentHash: 'v',
      importedAt: 0,
      size: 0,
      mtime: 0,
      date: null,
      patient: null,
      meta: '{}',
    };
    await store.appendRows([doc], []);
    for (let start = 0; start < rows; start += 10_000) {
      const batch: ChunkRow[] = [];
      for (let i = start; i < Math.min(rows, start + 10_000); i++) {
        const ai = Math.floor(rand() * seed.length);
        const bi = Math.floor(rand() * seed.length);
        const a = seed[ai]!;
        const b = seed[bi]!;
        const va = seedVectors[ai]!;
        const vb = seedVectors[bi]!;
        const w = rand();
        const v = new Float32Array(dims);
        let norm = 0;
        for (let d = 0; d < dims; d++) {
          v[d] = w * va[d]! + (1 - w) * vb[d]! + (rand() - 0.5) * 0.02;
          norm += v[d]! * v[d]!;
        }
        for (let d = 0; d < dims; d++) v[d]! /= Math.sqrt(norm);
        batch.push({ ...a, id: `s${i}`, docId: 'd', version: 'v', ord: i, text: w > 0.5 ? a.text : b.text, vector: v });
      }
      await store.chunks.add(batch as unknown as Record<string, unknown>[]);
    }
    await store.ensureFtsIndex();
    const t1 = performance.now();
    await store.ensureVectorIndex(0);
    const t2 = performance.now();
    const embedder = await rt.embedder();
    let overlap = 0;
    for (const q of queries) {
      const [v] = await embedder.embed([q], 'query');
      const exact = new Set((await store.vectorSearch(v!, 10, undefined, true)).map((h) => h.id));
      overlap += (await store.vectorSearch(v!, 10)).filter((h) => exact.has(h.id)).length / Math.max(exact.size, 1);
    }
    const latency = [];
    for (const mode of ['vector', 'hybrid'] as const) {
      const times: number[] = [];
      for (const q of queries) {
        const s = performance.now();
        await runSearch({ store, embedder: () => rt.embedder(), document: () => doc }, { query: q, mode, k: 10 });
        times.push(performance.now() - s);
      }
      latency.push({ mode, p50Ms: median(times), p99Ms: percentile(times, 99) });
    }
    store.close();
    return {
      chunks: rows,
      buildSeconds: (t1 - t0) / 1000,
      annIndexSeconds: (t2 - t1) / 1000,
      recallAt10: overlap / queries.length,
      latency,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
