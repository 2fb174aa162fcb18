import './ortEnv';
import * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import { DEFAULT_TOKEN_BUDGET, planBatches } from './batching';
import type { ModelManifest } from './manifest';
import { pool } from './pooling';

export interface EncoderOptions {
  threads: number;
  tokenBudget?: number;
  /**
   * Let idle intra-op threads spin between operators (onnxruntime's default; off here). Spinning threads burn the
   * cores the indexer's other work (PDF parsing, chunking, LanceDB writes) and other programs need: on two shared
   * cores under load, bge-small fp32 ran at 526-602 tok/s spinning and 1,174-1,482 tok/s without (batches of 512
   * tokens). On an idle machine spinning saves little, since a BERT operator runs for milliseconds.
   */
  spinning?: boolean;
}

/** One ONNX session of a text encoder: token ids in, pooled vectors out. Lives in the embedding worker. */
export class OnnxEncoder {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly manifest: ModelManifest,
    private readonly tokenBudget: number,
  ) {}

  static async load(modelDir: string, manifest: ModelManifest, opts: EncoderOptions): Promise<OnnxEncoder> {
    const session = await ort.InferenceSession.create(join(modelDir, 'model.onnx'), {
      executionProviders: ['cpu'],
      intraOpNumThreads: opts.threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      extra: { session: { intra_op: { allow_spinning: opts.spinning ? '1' : '0' } } },
    });
    return new OnnxEncoder(session, manifest, opts.tokenBudget ?? DEFAULT_TOKEN_BUDGET);
  }

  /** Embeds rows of token ids; returns row-major vectors in the input order. */
  async embed(rows: number[][]): Promise<Float32Array> {
    const dims = this.manifest.dims;
    const out = new Float32Array(rows.length * dims);
    for (const batch of planBatches(
      rows.map((r) => r.length),
      this.tokenBudget,
    )) {
      const vectors = await this.runBatch(
        batch.rows.map((i) => rows[i]!),
        batch.seqLen,
      );
      batch.rows.forEach((rowIndex, j) => out.set(vectors.subarray(j * dims, (j + 1) * dims), rowIndex * dims));
    }
    return out;
  }

  private async runBatch(rows: number[][], seq: number): Promise<Float32Array> {
    const n = rows.length;
    const ids = new BigInt64Array(n * seq);
    const mask = new BigInt64Array(n * seq);
    rows.forEach((row, b) => {
      for (let t = 0; t < row.length; t++) {
        ids[b * seq + t] = BigInt(row[t]!);
        mask[b * seq + t] = 1n;
      }
    });
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of this.manifest.inputs) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, [n, seq]);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, [n, seq]);
      else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(n * seq), [n, seq]);
      else throw new Error(`Model input "${name}" is not supported.`);
    }
    const result = await this.session.run(feeds, [this.manifest.output]);
    const tensor = result[this.manifest.output]!;
    const hidden = tensor.data as Float32Array;
    const dim = tensor.dims.at(-1)!;
    const pooled = pool(hidden, mask, n, seq, dim, this.manifest.pooling, this.manifest.normalize);
    tensor.dispose();
    return pooled;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
