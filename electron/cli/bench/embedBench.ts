import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeLimit } from '../../core';
import type { ModelRuntime } from '../../core';
import { median } from './stats';

export interface EmbedFigures {
  texts: number;
  tokens: number;
  tokensPerSecond: number;
  runs: number[];
  reference?: { tokensPerSecond: number; ratio: number } | { error: string };
}

/**
 * Embedding throughput of the worker pipeline (tokenize + batch + infer + pool) on the same texts, median of runs,
 * and the Python reference pipeline (onnxruntime + tokenizers, same model, texts and threads) in the same run.
 */
export async function benchEmbedding(
  rt: ModelRuntime,
  texts: string[],
  opts: { runs: number; threads: number; python?: string; referenceScript?: string },
): Promise<EmbedFigures> {
  const embedder = await rt.embedder();
  await embedder.embed(texts.slice(0, 8), 'passage');
  const tokenizer = await rt.tokenizer();
  const tokens = texts.reduce((s, t) => s + tokenizer.encode(t, encodeLimit(rt.manifest)).length, 0);
  const runs: number[] = [];
  for (let r = 0; r < opts.runs; r++) {
    const t0 = performance.now();
    await embedder.embed(texts, 'passage');
    runs.push(tokens / ((performance.now() - t0) / 1000));
  }
  const ours = median(runs);
  const figures: EmbedFigures = { texts: texts.length, tokens, tokensPerSecond: ours, runs };
  if (opts.python && opts.referenceScript) figures.reference = pythonReference(rt, texts, opts, ours);
  return figures;
}

function pythonReference(
  rt: ModelRuntime,
  texts: string[],
  opts: { runs: number; threads: number; python?: string; referenceScript?: string },
  ours: number,
) {
  const dir = mkdtempSync(join(tmpdir(), 'clinote-bench-'));
  try {
    const file = join(dir, 'texts.json');
    writeFileSync(file, JSON.stringify(texts));
    const m = rt.manifest;
    const speeds: number[] = [];
    for (let r = 0; r < opts.runs; r++) {
      const out = execFileSync(
        opts.python!,
        [
          opts.referenceScript!,
          'bench',
          '--model',
          rt.dir,
          '--pooling',
          m.pooling,
          '--max-tokens',
          String(encodeLimit(m)),
          '--threads',
          String(opts.threads),
          '--batch-size',
          '32',
          file,
        ],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
          stdio: ['ignore', 'pipe', 'pipe'],
          // The reference runs Python's onnxruntime, which phones home unless told not to before it starts.
          env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
        },
      );
      speeds.push((JSON.parse(out) as { tokensPerSecond: number }).tokensPerSecond);
    }
    const ref = median(speeds);
    return { tokensPerSecond: ref, ratio: ours / ref };
  } catch (err) {
    return { error: `Python reference unavailable: ${(err as Error).message.split('\n')[0]}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
