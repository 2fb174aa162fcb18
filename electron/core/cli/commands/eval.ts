import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { SearchMode } from '../../../shared/types';
import { loadBeir, loadKnownItem } from '../../eval/beirData';
import { evaluateBeir } from '../../eval/beirEval';
import { ModelRuntime } from '../../modelRuntime';
import { listInstalledModels } from '../../embed/models';
import { EngineError } from '../../../shared/result';
import { dirsFrom, printJson } from '../context';
import type { GlobalOptions } from '../context';
import { progressBar } from '../progress';

interface EvalOpts extends GlobalOptions {
  beir?: string;
  knownItem?: string[];
  notesLimit?: string;
  split: string;
  mode: SearchMode;
  chunked?: boolean;
  limit?: string;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('retrieval quality on a BEIR dataset: nDCG@10, Recall@100, MRR@10')
    .option('--beir <dir>', 'BEIR folder (corpus.jsonl[.gz], queries.jsonl, qrels/<split>.tsv)')
    .option(
      '--known-item <files...>',
      'notes JSONL(.gz) with description + transcription: each description must find its note',
    )
    .option('--notes-limit <n>', 'with --known-item, only the first n notes')
    .option('--split <split>', 'qrels split', 'test')
    .addOption(new Option('--mode <mode>', 'search mode').choices(['hybrid', 'vector', 'keyword']).default('hybrid'))
    .option('--model <id>', 'installed model to evaluate (default: the first of medembed-small, bge-small, any)')
    .option(
      '--chunked',
      "index with Clinote's chunking instead of one truncated passage per document (MTEB's protocol)",
    )
    .option('--limit <n>', 'only the first n queries')
    .option('--json', 'print the scores as JSON')
    .action(async (_o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<EvalOpts>();
      const { dataDir, modelsDir } = dirsFrom(opts);
      const installed = (await listInstalledModels(modelsDir)).map((m) => m.id);
      const modelId =
        opts.model ?? ['medembed-small-v0.1', 'bge-small-en-v1.5'].find((id) => installed.includes(id)) ?? installed[0];
      if (!modelId) throw new EngineError('ModelMissing', `No model installed in ${modelsDir}.`);
      const runtime = await ModelRuntime.open(modelsDir, modelId, opts.threads ? Number(opts.threads) : 2);
      if (!opts.beir === !opts.knownItem)
        throw new EngineError('BadInput', 'Give exactly one of --beir <dir> or --known-item <files...>.');
      const data = opts.beir
        ? await loadBeir(opts.beir, opts.split)
        : await loadKnownItem(opts.knownItem!, opts.notesLimit ? Number(opts.notesLimit) : Infinity);
      const source = opts.beir ? `${opts.beir} (${opts.split}` : `known-item (${opts.knownItem!.length} file(s)`;
      const bar = progressBar('Evaluating', !opts.json);
      try {
        const result = await evaluateBeir(data, {
          runtime,
          cacheDir: join(dataDir, 'eval-cache'),
          mode: opts.mode,
          chunked: !!opts.chunked,
          limit: opts.limit ? Number(opts.limit) : undefined,
          onProgress: (phase, done, total) => bar.update(done, total, phase),
        });
        bar.stop();
        if (opts.json) return printJson({ source, split: opts.beir ? opts.split : undefined, ...result });
        process.stdout.write(
          `${source}, ${result.queries} queries, ${result.corpus} docs) model=${result.model} mode=${result.mode}${result.chunked ? ' chunked' : ''}\n` +
            `nDCG@10 ${result.ndcg10.toFixed(4)}  Recall@100 ${result.recall100.toFixed(4)}  MRR@10 ${result.mrr10.toFixed(4)}\n`,
        );
      } finally {
        await runtime.close();
      }
    });
}
