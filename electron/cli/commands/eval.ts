import type { Command } from 'commander';
import { Option } from 'commander';
import type { SearchMode } from '../../shared/types';
import type { GlobalOptions } from '../context';

export interface EvalOpts extends GlobalOptions {
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
      const { runEval } = await import('../eval/run');
      await runEval(cmd.optsWithGlobals<EvalOpts>());
    });
}
