import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ModelManifest } from '../../electron/core/embed/manifest';
import { importModel } from '../../electron/core/embed/models';
import { loadBeir } from '../../electron/cli/eval/beirData';
import type { BeirData } from '../../electron/cli/eval/beirData';
import { evaluateBeir } from '../../electron/cli/eval/beirEval';
import type { EvalOptions } from '../../electron/cli/eval/beirEval';
import { scoreRun } from '../../electron/cli/eval/metrics';
import { describeWithModel, describeWithShared, runReference, SHARED, testModelDir } from './support';

/**
 * The eval pipeline (BEIR loading, the engine's import and vector search, metrics) against an independent path:
 * Python reference embeddings ranked by brute-force cosine. Run on a SciFact subset to stay fast; `clinote eval` runs
 * the full set.
 */
describeWithShared('clinote eval on a SciFact subset', () => {
  // all-MiniLM-L6-v2 (mean pooling, no instruction) and bge-small-en-v1.5 (CLS pooling, query instruction), the
  // model TARGETS.md anchors exactness on; the full train split is `clinote eval` itself.
  for (const model of ['all-minilm-l6-v2', 'bge-small-en-v1.5'])
    describeWithModel(
      `matches the Python reference ranking: ${model}`,
      () => {
        let dir: string;
        let data: BeirData;
        let m: ModelManifest;
        let options: Omit<EvalOptions, 'mode'>;

        beforeAll(async () => {
          dir = await mkdtemp(join(tmpdir(), 'clinote-eval-'));
          const source = model.startsWith('bge-') ? 'BAAI/bge-small-en-v1.5' : undefined;
          m = await importModel(testModelDir(model)!, join(dir, 'models'), { id: 'm', source });
          options = { modelsDir: join(dir, 'models'), modelId: 'm', cacheDir: join(dir, 'cache'), chunked: false };
          const full = await loadBeir(join(SHARED, 'scifact'), 'test');
          const queries = new Map([...full.queries].slice(0, 30));
          const relevant = new Set([...queries.keys()].flatMap((q) => [...full.qrels.get(q)!.keys()]));
          // Relevant abstracts plus every 40th other one as distractors.
          const corpus = full.corpus.filter((d, i) => relevant.has(d.id) || i % 40 === 0);
          data = { corpus, queries, qrels: new Map([...full.qrels].filter(([q]) => queries.has(q))) };
        });

        afterAll(async () => rm(dir, { recursive: true, force: true }));

        // bge-small has twelve layers and 512-token passages: minutes on a busy two-core machine, hence the timeout.
        it('gives nDCG@10 within 0.01 of the reference and reuses its cached index', async () => {
          const ours = await evaluateBeir(data, { ...options, mode: 'vector' });
          const embed = (texts: string[]) =>
            JSON.parse(
              runReference(
                [
                  'embed',
                  '--model',
                  join(dir, 'models', 'm'),
                  '--pooling',
                  m.pooling,
                  '--max-tokens',
                  String(m.maxTokens),
                  '--threads',
                  '2',
                ],
                JSON.stringify(texts),
              ),
            ) as number[][];
          const docVecs = embed(data.corpus.map((d) => m.passagePrefix + d.text));
          const queryVecs = embed([...data.queries.values()].map((q) => m.queryPrefix + q));
          const run = new Map<string, string[]>();
          [...data.queries.keys()].forEach((qid, qi) => {
            const q = queryVecs[qi]!;
            const scored = data.corpus.map((d, di) => ({
              id: d.id,
              s: docVecs[di]!.reduce((acc, x, k) => acc + x * q[k]!, 0),
            }));
            run.set(
              qid,
              scored
                .sort((a, b) => b.s - a.s)
                .slice(0, 100)
                .map((x) => x.id),
            );
          });
          const reference = scoreRun(run, data.qrels);
          console.info(`${model}: nDCG@10 ${ours.ndcg10.toFixed(4)}, Python reference ${reference.ndcg10.toFixed(4)}`);
          expect(ours.queries).toBe(30);
          expect(Math.abs(ours.ndcg10 - reference.ndcg10)).toBeLessThan(0.01);
          expect(ours.ndcg10).toBeGreaterThan(0.5);
          const again = await evaluateBeir(data, { ...options, mode: 'hybrid' });
          expect(again.seconds.index).toBeLessThan(ours.seconds.index);
          expect(again.ndcg10).toBeGreaterThan(0.5);
        }, 900_000);
      },
      model,
    );
});
