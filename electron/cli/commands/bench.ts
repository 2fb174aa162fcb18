import type { Command } from 'commander';
import { Option } from 'commander';
import { printJson } from '../context';
import type { GlobalOptions } from '../context';

export interface BenchOpts extends GlobalOptions {
  notes?: string[];
  count: string;
  texts: string;
  runs: string;
  pdfs?: string;
  pdfReaders?: string;
  ocrWorkers?: string;
  readingOnly?: boolean;
  queries: string;
  python?: string;
  reference?: string;
  scale?: string;
  curve?: string | boolean;
  plot: string;
  seeds: string;
  seedsFile?: string;
  searchDir?: string;
  scaleOnly?: boolean;
  s3?: string;
  ocr?: string[];
  longPdf?: string;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('speed: embedding tokens/s vs the Python reference, indexing notes/s, query p50/p99, PDF pages/s')
    .option('--notes <files...>', 'MTSamples-style JSONL(.gz) notes to embed, index and query (all but --reading-only)')
    .option('--count <n>', 'notes to index end to end', '200')
    .option('--texts <n>', 'chunks for the embedding benchmark', '400')
    .option('--runs <n>', 'repetitions (the median is reported)', '3')
    .option('--queries <n>', 'queries for latency', '100')
    .option('--pdfs <dir>', 'folder of PDFs: text-layer pages/s (and the pages of --long-pdf)')
    .option('--reading-only', 'only the --pdfs and --ocr measurements (no model needed)')
    .option(
      '--pdf-readers <counts>',
      'threads parsing one PDF, each count in turn (default: 1, then the cores up to 4)',
    )
    .option('--scale <rows>', 'query latency and ANN recall on a synthetic library of this many chunks (e.g. 100000)')
    .option('--curve [sizes]', 'cost curve: --scale at each size (default 1000,10000,100000,1000000) and a PNG plot')
    .option('--plot <file>', 'where --curve draws its PNG (its figures go beside it as .json)', 'cost-curve.png')
    .option(
      '--seeds <n>',
      'real chunks embedded as the seeds of the synthetic library (fewer make near-copies)',
      '12000',
    )
    .addOption(new Option('--seeds-file <file>', 'seeds saved by --curve for its child processes').hideHelp())
    .addOption(new Option('--search-dir <dir>', 'the search half of --scale, on a library built there').hideHelp())
    .option('--scale-only', 'only the --scale / --curve measurements (no embedding, indexing or PDF benchmarks)')
    .option(
      '--s3 <uri>',
      'also copy each synthetic library to this s3://bucket/prefix and search it there (endpoint and credentials from the AWS_* variables or the storage settings file)',
    )
    .option('--ocr <pdfs...>', 'scanned PDFs: OCR pages/s over 8 pages copied from them')
    .option('--ocr-workers <counts>', 'OCR workers, each count in turn (default: 1,2)')
    .option('--long-pdf <pages>', 'import one PDF of this many pages (pages of --pdfs) in a fresh process')
    .option('--model <id>', 'installed model (default: the library default: MedEmbed-small, else bge-small int8, ...)')
    .option(
      '--python <bin>',
      'Python with onnxruntime and tokenizers, for the reference pipeline',
      process.env.CLINOTE_PYTHON,
    )
    .option('--reference <script>', 'the reference pipeline script (tests/tools/reference.py in the source tree)')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<BenchOpts>();
      const { formatReport, runBench } = await import('../bench/run');
      // Scale runs take minutes to hours: they report progress on stderr even when stdout carries JSON.
      const progress = !opts.json || opts.scaleOnly || opts.curve !== undefined;
      const report = await runBench(opts, (s) => progress && process.stderr.write(s + '\n'));
      if (opts.json) printJson(report);
      else process.stdout.write(formatReport(report));
    });
}
