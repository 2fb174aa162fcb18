import { join } from 'node:path';
import { EngineError } from '../../shared/result';
import { listInstalledModels } from '../../core';
import type { EvalOpts } from '../commands/eval';
import { dirsFrom, printJson } from '../context';
import { progressBar } from '../progress';
import { loadBeir, loadKnownItem } from './beirData';
import { evaluateBeir } from './beirEval';

/** `clinote eval`: loads the data set, evaluates the chosen model and mode, prints the scores. */
export async function runEval(opts: EvalOpts): Promise<void> {
  const { dataDir, modelsDir } = dirsFrom(opts);
  const installed = (await listInstalledModels(modelsDir)).map((m) => m.id);
  const modelId =
    opts.model ?? ['medembed-small-v0.1', 'bge-small-en-v1.5'].find((id) => installed.includes(id)) ?? installed[0];
  if (!modelId) throw new EngineError('ModelMissing', `No model installed in ${modelsDir}.`);
  if (!opts.beir === !opts.knownItem)
    throw new EngineError('BadInput', 'Give exactly one of --beir <dir> or --known-item <files...>.');
  const data = opts.beir
    ? await loadBeir(opts.beir, opts.split)
    : await loadKnownItem(opts.knownItem!, opts.notesLimit ? Number(opts.notesLimit) : Infinity);
  const source = opts.beir ? `${opts.beir} (${opts.split}` : `known-item (${opts.knownItem!.length} file(s)`;
  const bar = progressBar('Evaluating', !opts.json);
  const result = await evaluateBeir(data, {
    modelsDir,
    modelId,
    threads: opts.threads ? Number(opts.threads) : undefined,
    cacheDir: join(dataDir, 'eval-cache'),
    mode: opts.mode,
    chunked: !!opts.chunked,
    limit: opts.limit ? Number(opts.limit) : undefined,
    onProgress: (phase, done, total) => bar.update(done, total, phase),
  });
  bar.stop();
  const { run: _run, ...scores } = result;
  if (opts.json) return printJson({ source, split: opts.beir ? opts.split : undefined, ...scores });
  process.stdout.write(
    `${source}, ${result.queries} queries, ${result.corpus} docs) model=${result.model} mode=${result.mode}${result.chunked ? ' chunked' : ''}\n` +
      `nDCG@10 ${result.ndcg10.toFixed(4)}  Recall@100 ${result.recall100.toFixed(4)}  MRR@10 ${result.mrr10.toFixed(4)}\n`,
  );
}
