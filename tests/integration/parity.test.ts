import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { WorkerEmbedder } from '../../electron/core/embed/embedder';
import type { EmbedKind } from '../../electron/core/embed/embedder';
import { encodeLimit } from '../../electron/core/embed/manifest';
import type { ModelManifest } from '../../electron/core/embed/manifest';
import { importModel } from '../../electron/core/embed/models';
import { cosine } from '../../electron/core/embed/pooling';
import { TextTokenizer } from '../../electron/core/embed/tokenizer';
import { chunkPage } from '../../electron/core/ingest/chunker';
import { describeWithModel, FIXTURES, runReference, testModelDir } from './support';

/** 1,000 real chunks: MTSamples notes through Clinote's own chunker, as they would be indexed. */
function sampleChunks(tokenizer: TextTokenizer, n: number): string[] {
  const rows = gunzipSync(readFileSync(join(FIXTURES, 'mtsamples-sample.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { transcription: string | null });
  const out: string[] = [];
  for (const r of rows) {
    if (!r.transcription) continue;
    for (const c of chunkPage(1, r.transcription, {
      maxTokens: 120,
      overlapTokens: 16,
      countTokens: (t) => tokenizer.count(t),
    }))
      out.push(c.text);
    if (out.length >= n) break;
  }
  return out.slice(0, n);
}

/** Python reference embeddings (onnxruntime + tokenizers) of texts, with the manifest's pooling and length. */
function referenceEmbed(dir: string, m: ModelManifest, texts: string[], batch: number): number[][] {
  const args = ['embed', '--model', dir, '--pooling', m.pooling, '--max-tokens', String(encodeLimit(m))];
  args.push('--threads', '2', '--batch-size', String(batch));
  return JSON.parse(runReference(args, JSON.stringify(texts))) as number[][];
}

/**
 * A dynamically quantised graph (DynamicQuantizeLinear) takes one scale for a whole activation tensor, so a row's
 * vector depends on the other rows and the padding in its batch (bge-small int8: cosine ~0.993 between a chunk
 * embedded alone and in a batch). Its parity is checked row by row on both sides, where the two must agree exactly.
 */
async function embedAll(embedder: WorkerEmbedder, texts: string[], kind: EmbedKind, single: boolean) {
  if (!single) return embedder.embed(texts, kind);
  const out: Float32Array[] = [];
  for (const t of texts) out.push(...(await embedder.embed([t], kind)));
  return out;
}

interface Case {
  model: string;
  /** Content tokens of the long input: past the model's limit (truncation) or deep into a long context. */
  longTokens: number;
}

// all-MiniLM-L6-v2 (mean, 256), bge-small-en-v1.5 fp32 and int8 (CLS, 512, query instruction), and random-weight
// encoders shaped like the seed models: BERT-base (768-d, mean, 512) and ModernBERT (no token_type_ids, 8,192).
const CASES: Case[] = [
  { model: 'all-minilm-l6-v2', longTokens: 900 },
  { model: 'bge-small-en-v1.5', longTokens: 900 },
  { model: 'bge-small-en-v1.5-int8', longTokens: 900 },
  { model: 'bert-base-shape', longTokens: 900 },
  { model: 'modernbert-shape', longTokens: 3000 },
];

for (const { model, longTokens } of CASES) {
  describeWithModel(
    `parity with the Python reference pipeline (tokenizers + onnxruntime): ${model}`,
    () => {
      let modelDir: string;
      let manifest: ModelManifest;
      let tokenizer: TextTokenizer;
      let chunks: string[];
      let long: string;

      beforeAll(async () => {
        const base = mkdtempSync(join(tmpdir(), 'clinote-parity-'));
        modelDir = join(base, 'm');
        const source = model.startsWith('bge-') ? 'BAAI/bge-small-en-v1.5' : undefined;
        manifest = await importModel(testModelDir(model)!, base, { id: 'm', source });
        tokenizer = await TextTokenizer.load(modelDir);
        chunks = sampleChunks(tokenizer, 1000);
        const words = chunks.join(' ').split(' ');
        let end = 0;
        while (tokenizer.count(words.slice(0, end).join(' ')) < longTokens) end += 50;
        long = words.slice(0, end).join(' ');
      });

      it('produces token ids identical to the Rust tokenizers library on 1,000 MTSamples chunks', () => {
        expect(chunks).toHaveLength(1000);
        // Odd inputs too: accents, CJK, control characters, long unbroken strings, truncation at the model's limit.
        const extra = [
          'Café naïve résumé — 37.5°C, SpO₂ 94%',
          '患者 chest pain',
          'a\u0000b\tc\u200bd',
          'x'.repeat(900),
        ];
        const texts = [...chunks, ...extra, long];
        const max = String(manifest.maxTokens);
        const expected = JSON.parse(
          runReference(['tokenize', '--model', modelDir, '--max-tokens', max], JSON.stringify(texts)),
        ) as number[][];
        const mismatches = texts.filter(
          (t, i) => JSON.stringify(tokenizer.encode(t, manifest.maxTokens)) !== JSON.stringify(expected[i]),
        );
        expect(mismatches.map((t) => t.slice(0, 80))).toEqual([]);
        expect(expected.at(-1)!.length).toBe(Math.min(manifest.maxTokens, tokenizer.count(long) + 2));
      });

      it('embeds passages, queries and a long input with cosine >= 0.9999 against the reference', async () => {
        const passages = [...chunks.slice(0, manifest.dims > 384 ? 100 : 200), long];
        const queries = ['shortness of breath on exertion', 'history of hypertension, on lisinopril'];
        const single = manifest.quantization === 'int8';
        const batch = single ? 1 : 32;
        const embedder = await WorkerEmbedder.start(modelDir, manifest, 2);
        try {
          const ours = [
            ...(await embedAll(embedder, passages, 'passage', single)),
            ...(await embedAll(embedder, queries, 'query', single)),
          ];
          const ref = [
            ...referenceEmbed(
              modelDir,
              manifest,
              passages.map((t) => manifest.passagePrefix + t),
              batch,
            ),
            ...referenceEmbed(
              modelDir,
              manifest,
              queries.map((t) => manifest.queryPrefix + t),
              batch,
            ),
          ];
          const cosines = ours.map((v, i) => cosine(v, ref[i]!));
          console.info(`${model}: min cosine ${Math.min(...cosines).toFixed(7)} over ${cosines.length} texts`);
          expect(Math.min(...cosines)).toBeGreaterThanOrEqual(0.9999);
          expect(ours.every((v) => v.length === manifest.dims)).toBe(true);
        } finally {
          await embedder.close();
        }
      });
    },
    model,
  );
}
