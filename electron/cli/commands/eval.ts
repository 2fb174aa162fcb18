import type { Command } from 'commander';
import { Option } from 'commander';
import type { SearchMode } from '../../shared/types';
import type { GlobalOptions } from '../context';
import type { Pipeline } from '../eval/beirEval';

export interface EvalOpts extends GlobalOptions {
  beir?: string;
  knownItem?: string[];
  notesLimit?: string;
  clinical?: string;
  qrels?: string;
  queries?: string;
  judgments?: string;
  corpus?: string[];
  split: string;
  mode: SearchMode;
  pipeline: Pipeline;
  compare?: boolean;
  run?: string;
  chunked?: boolean;
  limit?: string;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('retrieval quality: nDCG@10, Recall@100, MRR@10 (and the share of traps on a clinical set)')
    .option('--beir <dir>', 'BEIR folder (corpus.jsonl[.gz], queries.jsonl, qrels/<split>.tsv)')
    .option(
      '--known-item <files...>',
      'notes JSONL(.gz) with description + transcription: each description must find its note',
    )
    .option('--notes-limit <n>', 'with --known-item, only the first n notes')
    .option(
      '--clinical <dir>',
      'clinical judged set (queries.jsonl, qrels.tsv, judgments.jsonl) over the notes given with --corpus',
    )
    .option('--qrels <tsv>', 'TREC qrels (qid 0 docid grade), with --queries and --corpus')
    .option('--queries <jsonl>', 'queries {qid, query, kind?, split?}, with --qrels')
    .option('--judgments <jsonl>', 'with --qrels: {qid, docid, trap} lines marking traps')
    .option('--corpus <files...>', "notes JSONL(.gz); a note's id is its 0-based row number across the files")
    .option('--split <split>', 'qrels split', 'test')
    .addOption(new Option('--mode <mode>', 'search mode').choices(['hybrid', 'vector', 'keyword']).default('hybrid'))
    .addOption(
      new Option('--pipeline <name>', 'clinical (context ranking and vocabulary) or plain (neither)')
        .choices(['clinical', 'plain'])
        .default('clinical'),
    )
    .option('--compare', 'run the plain and the clinical pipeline side by side')
    .option('--run <file>', 'write the ranking as a TREC run (one file per pipeline with --compare)')
    .option('--model <id>', 'installed model to evaluate (default: the first of medembed-small, bge-small, any)')
    .option(
      '--chunked',
      "index with Clinote's chunking instead of one truncated passage per document (MTEB's protocol); always on for clinical sets",
    )
    .option('--limit <n>', 'only the first n queries')
    .option('--json', 'print the scores as JSON')
    .action(async (_o, cmd: Command) => {
      const { runEval } = await import('../eval/run');
      await runEval(cmd.optsWithGlobals<EvalOpts>());
    });
}
