import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { evaluatePipelines } from '../../electron/cli/eval/beirEval';
import type { PipelineRun } from '../../electron/cli/eval/beirEval';
import { clinicalFiles, loadClinical } from '../../electron/cli/eval/clinicalData';
import type { ClinicalData } from '../../electron/cli/eval/clinicalData';
import { scoreGroups } from '../../electron/cli/eval/clinicalReport';
import { describeWithModel, describeWithShared, FIXTURES, SHARED, testModelDir } from './support';

// The first three development queries of the two kinds whose traps are context (denied findings, family history).
const QUERIES = ['c01', 'c02', 'c04', 'd01', 'd02', 'd03'];
const PER_GRADE = 10;

/**
 * `clinote eval --clinical` on a subset of the clinical development set: for each query its first positives and traps
 * as judged, plus every 80th other note as distractors, so the test imports a few hundred notes instead of 4,999.
 * `clinote eval --clinical tests/fixtures/clinical-devset --corpus <MTSamples parts> --compare` runs the full set.
 */
describeWithShared('clinote eval on the clinical development set (subset)', () => {
  describeWithModel('the clinical pipeline against plain hybrid', () => {
    let dir: string;
    let data: ClinicalData;
    let runs: PipelineRun[];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'clinote-clinical-eval-'));
      await importModel(testModelDir()!, join(dir, 'models'), { id: 'm' });
      const corpus = ['part1', 'part2'].map((p) => join(SHARED, 'mtsamples', `mtsamples.${p}.jsonl.gz`));
      const full = await loadClinical(await clinicalFiles(join(FIXTURES, 'clinical-devset'), corpus));
      const keep = new Set<string>();
      for (const qid of QUERIES) {
        const judged = [...full.qrels.get(qid)!];
        const traps = full.traps.get(qid)!;
        judged
          .filter(([, g]) => g >= 2)
          .slice(0, PER_GRADE)
          .forEach(([id]) => keep.add(id));
        judged
          .filter(([id]) => traps.has(id))
          .slice(0, PER_GRADE)
          .forEach(([id]) => keep.add(id));
      }
      full.corpus.forEach((d, i) => i % 80 === 0 && keep.add(d.id));
      data = {
        ...full,
        corpus: full.corpus.filter((d) => keep.has(d.id)),
        queries: new Map([...full.queries].filter(([q]) => QUERIES.includes(q))),
        qrels: new Map([...full.qrels].filter(([q]) => QUERIES.includes(q))),
      };
      runs = await evaluatePipelines(
        data,
        { modelsDir: join(dir, 'models'), modelId: 'm', cacheDir: join(dir, 'cache'), mode: 'hybrid', chunked: true },
        ['plain', 'clinical'],
      );
    });

    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it('loads the set with its traps, kinds and splits, ids as row numbers of the corpus', () => {
      expect(data.queries.get('c01')).toBe('chest pain');
      expect(data.groups.get('d02')).toEqual({ kind: 'family_history', split: 'dev' });
      expect(data.traps.get('c01')!.size).toBeGreaterThan(10);
      expect(data.corpus.length).toBeGreaterThan(100);
    });

    it('puts fewer traps in the top 10 than plain hybrid, and ranks the judged notes no worse', () => {
      const [plain, clinical] = runs.map((r) => scoreGroups(data, r.run)[0]!.scores);
      expect(plain!.queries).toBe(QUERIES.length);
      expect(clinical!.trap10).toBeLessThan(plain!.trap10);
      expect(clinical!.ndcg10).toBeGreaterThanOrEqual(plain!.ndcg10);
    });

    it('scores each kind and split of query on its own', () => {
      const groups = scoreGroups(data, runs[1]!.run).map((g) => g.group);
      expect(groups).toEqual(['all', 'split=dev', 'kind=family_history', 'kind=negated_finding']);
    });
  });
});
