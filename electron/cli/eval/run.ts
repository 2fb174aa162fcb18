import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { EngineError } from '../../shared/result';
import { listInstalledModels } from '../../core';
import type { EvalOpts } from '../commands/eval';
import { dirsFrom, printJson } from '../context';
import { progressBar } from '../progress';
import { loadBeir, loadKnownItem } from './beirData';
import type { BeirData } from './beirData';
import { evaluatePipelines, judgedFor } from './beirEval';
import type { EvalOptions, Pipeline, PipelineRun } from './beirEval';
import { clinicalFiles, loadClinical } from './clinicalData';
import type { ClinicalData } from './clinicalData';
import { formatClinical, scoreGroups } from './clinicalReport';
import { scoreRun, trecRun } from './metrics';

/** `clinote eval`: loads the data set, evaluates the chosen model, mode and pipelines, prints the scores. */
export async function runEval(opts: EvalOpts): Promise<void> {
  const { dataDir, modelsDir } = dirsFrom(opts);
  const installed = (await listInstalledModels(modelsDir)).map((m) => m.id);
  const modelId =
    opts.model ?? ['medembed-small-v0.1', 'bge-small-en-v1.5'].find((id) => installed.includes(id)) ?? installed[0];
  if (!modelId) throw new EngineError('ModelMissing', `No model installed in ${modelsDir}.`);
  const { data, source, clinical } = await loadData(opts);
  const pipelines: Pipeline[] = opts.compare ? ['plain', 'clinical'] : [opts.pipeline];
  const bar = progressBar('Evaluating', !opts.json);
  const options: EvalOptions = {
    modelsDir,
    modelId,
    threads: opts.threads ? Number(opts.threads) : undefined,
    cacheDir: join(dataDir, 'eval-cache'),
    mode: opts.mode,
    chunked: !!opts.chunked || !!clinical,
    limit: opts.limit ? Number(opts.limit) : undefined,
    onProgress: (phase, done, total) => bar.update(done, total, phase),
  };
  const runs = await evaluatePipelines(data, options, pipelines);
  bar.stop();
  if (opts.run) await writeRuns(opts.run, runs);
  const head = { source, model: modelId, mode: opts.mode, chunked: options.chunked, corpus: data.corpus.length };
  if (clinical) return reportClinical(clinical, runs, head, !!opts.json);
  const results = runs.map((r) => ({
    pipeline: r.pipeline,
    ...scoreRun(r.run, judgedFor(data, r.run)),
    seconds: r.seconds,
  }));
  if (opts.json) return printJson({ ...head, split: opts.beir ? opts.split : undefined, results });
  process.stdout.write(
    `${source}, ${results[0]?.queries ?? 0} queries, ${data.corpus.length} docs, model=${modelId} mode=${opts.mode}${options.chunked ? ' chunked' : ''}\n`,
  );
  for (const r of results) {
    process.stdout.write(
      `${r.pipeline.padEnd(9)} nDCG@10 ${r.ndcg10.toFixed(4)}  Recall@100 ${r.recall100.toFixed(4)}  MRR@10 ${r.mrr10.toFixed(4)}\n`,
    );
  }
}

async function loadData(opts: EvalOpts): Promise<{ data: BeirData; source: string; clinical?: ClinicalData }> {
  const given = [opts.beir, opts.knownItem, opts.clinical, opts.qrels].filter(Boolean).length;
  if (given !== 1) {
    throw new EngineError(
      'BadInput',
      'Give exactly one of --beir <dir>, --known-item <files...>, --clinical <dir> or --qrels <tsv> --queries <jsonl>.',
    );
  }
  if (opts.beir) return { data: await loadBeir(opts.beir, opts.split), source: `${opts.beir} (${opts.split})` };
  if (opts.knownItem) {
    const data = await loadKnownItem(opts.knownItem, opts.notesLimit ? Number(opts.notesLimit) : Infinity);
    return { data, source: `known-item (${opts.knownItem.length} file(s))` };
  }
  const corpus = opts.corpus ?? [];
  if (opts.qrels && !opts.queries) throw new EngineError('BadInput', '--qrels needs --queries <jsonl>.');
  const files = opts.clinical
    ? await clinicalFiles(opts.clinical, corpus)
    : { qrels: opts.qrels!, queries: opts.queries!, corpus, ...(opts.judgments ? { judgments: opts.judgments } : {}) };
  const clinical = await loadClinical(files);
  return { data: clinical, source: opts.clinical ?? opts.qrels!, clinical };
}

/** One TREC run file per pipeline: the name as given for one, `<name>.<pipeline><ext>` for several. */
async function writeRuns(file: string, runs: PipelineRun[]): Promise<void> {
  for (const r of runs) {
    const ext = extname(file);
    const name = runs.length === 1 ? file : `${file.slice(0, file.length - ext.length)}.${r.pipeline}${ext}`;
    await writeFile(name, trecRun(r.run, `clinote-${r.pipeline}`));
  }
}

function reportClinical(data: ClinicalData, runs: PipelineRun[], head: object, json: boolean): void {
  const scored = runs.map((r) => ({ pipeline: r.pipeline, seconds: r.seconds, groups: scoreGroups(data, r.run) }));
  if (json) return printJson({ ...head, results: scored });
  process.stdout.write(formatClinical(scored, head));
}
