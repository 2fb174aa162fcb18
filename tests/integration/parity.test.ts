import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { WorkerEmbedder } from '../../electron/core/embed/embedder';
import { readManifest } from '../../electron/core/embed/manifest';
import { importModel } from '../../electron/core/embed/models';
import { cosine } from '../../electron/core/embed/pooling';
import { TextTokenizer } from '../../electron/core/embed/tokenizer';
import { chunkPage } from '../../electron/core/ingest/chunker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describeWithModel('parity with the Python reference pipeline (tokenizers + onnxruntime)', () => {
  let modelDir: string;
  let tokenizer: TextTokenizer;
  let chunks: string[];

  beforeAll(async () => {
    modelDir = join(mkdtempSync(join(tmpdir(), 'clinote-parity-')), 'm');
    await importModel(testModelDir()!, join(modelDir, '..'), { id: 'm' });
    tokenizer = await TextTokenizer.load(modelDir);
    chunks = sampleChunks(tokenizer, 1000);
  });

  it('produces token ids identical to the Rust tokenizers library on 1,000 MTSamples chunks', () => {
    expect(chunks).toHaveLength(1000);
    // Odd inputs too: accents, CJK, control characters, long unbroken strings, truncation at 256.
    const extra = [
      'Café naïve résumé — 37.5°C, SpO₂ 94%',
      '患者 chest pain',
      'a\u0000b\tc\u200bd',
      'x'.repeat(900),
      chunks.join(' ').slice(0, 5000),
    ];
    const texts = [...chunks, ...extra];
    const expected = JSON.parse(
      runReference(['tokenize', '--model', modelDir, '--max-tokens', '256'], JSON.stringify(texts)),
    ) as number[][];
    const mismatches = texts
      .map((t, i) => ({ i, ok: JSON.stringify(tokenizer.encode(t, 256)) === JSON.stringify(expected[i]) }))
      .filter((r) => !r.ok);
    expect(mismatches.map((m) => texts[m.i]!.slice(0, 80))).toEqual([]);
  });

  it('embeds with cosine >= 0.9999 against the reference on the same texts', async () => {
    const manifest = await readManifest(modelDir);
    const texts = chunks.slice(0, 200);
    const embedder = await WorkerEmbedder.start(modelDir, manifest, 2);
    try {
      const ours = await embedder.embed(texts, 'passage');
      const ref = JSON.parse(
        runReference(
          [
            'embed',
            '--model',
            modelDir,
            '--pooling',
            manifest.pooling,
            '--max-tokens',
            String(manifest.maxTokens),
            '--threads',
            '2',
          ],
          JSON.stringify(texts),
        ),
      ) as number[][];
      const cosines = ours.map((v, i) => cosine(v, ref[i]!));
      expect(Math.min(...cosines)).toBeGreaterThanOrEqual(0.9999);
    } finally {
      await embedder.close();
    }
  });
});
