import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { Engine, SyntheticBatch } from '../../core';
import type { Note } from './corpus';

/**
 * Real chunks embedded by the model (the seeds of a synthetic library): their texts, and their vectors row after row
 * in one Float32Array.
 */
export interface Seeds {
  dims: number;
  texts: string[];
  vectors: Float32Array;
}

/** A seeded PRNG, so two runs build the same synthetic table. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` chunks of the notes, cut as an import cuts them, taken in a seeded shuffle (so they come from many notes,
 * not the first few) and embedded by the active model as passages.
 */
export async function embedSeeds(engine: Engine, notes: Note[], count: number): Promise<Seeds> {
  const rand = mulberry32(11);
  const order = notes.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const texts: string[] = [];
  for (const i of order) {
    if (texts.length >= count) break;
    texts.push(...(await engine.tools.chunk(notes[i]!.text)));
  }
  texts.length = Math.min(texts.length, count);
  const model = await engine.tools.model();
  const embedder = await model.embedder();
  const dims = model.manifest.dims;
  const vectors = new Float32Array(texts.length * dims);
  for (let at = 0; at < texts.length; at += 256) {
    const out = await embedder.embed(texts.slice(at, at + 256), 'passage');
    out.forEach((v, j) => vectors.set(v, (at + j) * dims));
  }
  return { dims, texts, vectors };
}

/** Seeds on disk, so the processes of a cost curve embed them once: a JSON header line, then the raw float32s. */
export async function saveSeeds(file: string, seeds: Seeds): Promise<void> {
  const header = Buffer.from(JSON.stringify({ dims: seeds.dims, texts: seeds.texts }) + '\n');
  const body = Buffer.from(seeds.vectors.buffer, seeds.vectors.byteOffset, seeds.vectors.byteLength);
  await writeFile(file, Buffer.concat([header, body]));
}

export async function loadSeeds(file: string): Promise<Seeds> {
  const raw = await readFile(file);
  const nl = raw.indexOf(10);
  const { dims, texts } = JSON.parse(raw.subarray(0, nl).toString('utf8')) as { dims: number; texts: string[] };
  const bytes = raw.subarray(nl + 1);
  const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { dims, texts, vectors };
}

/**
 * `rows` synthetic chunks in batches: row i mixes two random seeds, w*a + (1-w)*b plus uniform noise of +-0.01 per
 * dimension, normalised, so vectors spread like real ones; its text is the dominant seed's, so keyword search has
 * real clinical words to index. Each batch's vectors are one typed array, handed to LanceDB as they are.
 */
export async function* syntheticBatches(seeds: Seeds, rows: number, batch = 50_000): AsyncIterable<SyntheticBatch> {
  const rand = mulberry32(7);
  const { dims } = seeds;
  const seedCount = seeds.texts.length;
  const hashes = seeds.texts.map((t) => createHash('sha256').update(t).digest('hex'));
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const vectors = new Float32Array(n * dims);
    const texts: string[] = new Array<string>(n);
    const textHashes: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const a = Math.floor(rand() * seedCount);
      const b = Math.floor(rand() * seedCount);
      const w = rand();
      const out = i * dims;
      let norm = 0;
      for (let d = 0; d < dims; d++) {
        const x = w * seeds.vectors[a * dims + d]! + (1 - w) * seeds.vectors[b * dims + d]! + (rand() - 0.5) * 0.02;
        vectors[out + d] = x;
        norm += x * x;
      }
      const scale = 1 / Math.sqrt(norm);
      for (let d = 0; d < dims; d++) vectors[out + d]! *= scale;
      const own = w > 0.5 ? a : b;
      texts[i] = seeds.texts[own]!;
      textHashes[i] = hashes[own]!;
    }
    yield { texts, textHashes, vectors };
  }
}
