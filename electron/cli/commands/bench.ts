import type { Command } from 'commander';
import { printJson } from '../context';
import type { GlobalOptions } from '../context';

export interface BenchOpts extends GlobalOptions {
  notes: string[];
  count: string;
  texts: string;
  runs: string;
  pdfs?: string;
  queries: string;
  python?: string;
  reference?: string;
  scale?: string;
  ocr?: string[];
  longPdf?: string;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('speed: embedding tokens/s vs the Python reference, indexing notes/s, query p50/p99, PDF pages/s')
    .requiredOption('--notes <files...>', 'MTSamples-style JSONL(.gz) notes to embed, index and query')
    .option('--count <n>', 'notes to index end to end', '200')
    .option('--texts <n>', 'chunks for the embedding benchmark', '400')
    .option('--runs <n>', 'repetitions (the median is reported)', '3')
    .option('--queries <n>', 'queries for latency', '100')
    .option('--pdfs <dir>', 'folder of PDFs: text-layer pages/s (and the pages of --long-pdf)')
    .option('--scale <rows>', 'query latency and ANN recall on a synthetic library of this many chunks (e.g. 100000)')
    .option('--ocr <pdfs...>', 'scanned PDFs: OCR pages/s')
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
      const report = await runBench(opts, (s) => !opts.json && process.stderr.write(s + '\n'));
      if (opts.json) printJson(report);
      else process.stdout.write(formatReport(report));
    });
}
