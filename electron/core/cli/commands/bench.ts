import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { EngineError } from '../../../shared/result';
import { readNotes } from '../../bench/corpus';
import { benchEmbedding } from '../../bench/embedBench';
import { benchIndexing, benchOcr, benchPdf, benchQueries } from '../../bench/indexBench';
import { benchLongPdf, makeLongPdf, readablePdfs } from '../../bench/longPdf';
import { benchScale } from '../../bench/scaleBench';
import type { ChunkRow } from '../../store/schema';
import { chunkPage } from '../../ingest/chunker';
import { listInstalledModels } from '../../embed/models';
import { ModelRuntime } from '../../modelRuntime';
import { dirsFrom, printJson } from '../context';
import type { GlobalOptions } from '../context';

interface BenchOpts extends GlobalOptions {
  notes: string[];
  count: string;
  texts: string;
  runs: string;
  pdfs?: string;
  queries: string;
  python?: string;
  scale?: string;
  ocr: string[] | false;
  longPdf?: string;
}

const HERE = resolve(import.meta.dirname, '../../../..');

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('speed: embedding tokens/s vs the Python reference, indexing notes/s, query p50/p99, PDF pages/s')
    .option('--notes <files...>', 'MTSamples-style JSONL(.gz) notes', [
      join(HERE, 'tests/fixtures/mtsamples-sample.jsonl.gz'),
    ])
    .option('--count <n>', 'notes to index end to end', '200')
    .option('--texts <n>', 'chunks for the embedding benchmark', '400')
    .option('--runs <n>', 'repetitions (the median is reported)', '3')
    .option('--queries <n>', 'queries for latency', '100')
    .option('--pdfs <dir>', 'folder of PDFs for text-layer speed', join(HERE, 'tests/fixtures/pdfs'))
    .option(
      '--scale <rows>',
      'also measure query latency and ANN recall on a synthetic table of this many chunks (e.g. 100000)',
    )
    .option('--ocr <pdfs...>', 'scanned PDFs for OCR speed', [
      join(HERE, 'tests/fixtures/ingest/scanned_image_only_c02-22_NONMEDICAL.pdf'),
      join(HERE, 'tests/fixtures/ingest/mixed_text_and_scan.pdf'),
    ])
    .option('--no-ocr', 'skip the OCR benchmark')
    .option(
      '--long-pdf <pages>',
      'also import one PDF of this many pages (real pages from --pdfs) in a fresh process: pages/s and peak RSS',
    )
    .option('--model <id>', 'installed model')
    .option(
      '--python <bin>',
      'Python with tests/tools/requirements.txt for the reference pipeline',
      existsSync(join(HERE, '.venv/bin/python')) ? join(HERE, '.venv/bin/python') : undefined,
    )
    .option('--json', 'print as JSON')
    .action(async (_o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<BenchOpts>();
      const { modelsDir } = dirsFrom(opts);
      const modelId = opts.model ?? (await listInstalledModels(modelsDir))[0]?.id;
      if (!modelId) throw new EngineError('ModelMissing', `No model installed in ${modelsDir}.`);
      const threads = opts.threads ? Number(opts.threads) : 2;
      const log = (s: string) => !opts.json && process.stderr.write(s + '\n');
      const notes = await readNotes(opts.notes, Math.max(Number(opts.count), 50));
      const rt = await ModelRuntime.open(modelsDir, modelId, threads);
      const tokenizer = await rt.tokenizer();
      const chunkTokens = await rt.chunkTokens();
      const texts = notes
        .flatMap((n) =>
          chunkPage(1, n.text, {
            maxTokens: chunkTokens,
            overlapTokens: 0,
            countTokens: (t) => tokenizer.count(t),
          }).map((c) => c.text),
        )
        .slice(0, Number(opts.texts));
      log(`embedding ${texts.length} chunks with ${modelId} (${rt.manifest.quantization}), ${threads} threads...`);
      const embedding = await benchEmbedding(rt, texts, {
        runs: Number(opts.runs),
        threads,
        python: opts.python,
        referenceScript: join(HERE, 'tests/tools/reference.py'),
      });
      await rt.close();
      log(`indexing ${Math.min(notes.length, Number(opts.count))} notes end to end...`);
      const indexed = await benchIndexing(notes.slice(0, Number(opts.count)), modelsDir, modelId, threads);
      log('query latency...');
      const queries = notes
        .map(
          (n) =>
            n.text
              .split(/[.\n]/)
              .find((s) => s.trim().length > 20)
              ?.trim() ?? n.text.slice(0, 80),
        )
        .slice(0, Number(opts.queries));
      const latency = await benchQueries(indexed.engine, queries, ['vector', 'hybrid', 'keyword']);
      let scale: Awaited<ReturnType<typeof benchScale>> | undefined;
      if (opts.scale) {
        log(`synthetic table of ${opts.scale} chunks...`);
        const store = await indexed.engine.store();
        const seed = (await store.chunks.query().toArray()) as ChunkRow[];
        scale = await benchScale(seed, Number(opts.scale), queries, await indexed.engine.model());
      }
      await indexed.cleanup();
      const pdf = opts.pdfs && existsSync(opts.pdfs) ? await benchPdf(opts.pdfs) : undefined;
      if (opts.ocr) log(`OCR of ${opts.ocr.length} scanned PDF(s)...`);
      const ocr = opts.ocr ? await benchOcr(opts.ocr) : undefined;
      let longPdf: Awaited<ReturnType<typeof benchLongPdf>> | undefined;
      if (opts.longPdf) {
        const pages = Number(opts.longPdf);
        if (!Number.isInteger(pages) || pages < 1) {
          throw new EngineError('BadInput', `--long-pdf: expected a page count, got "${opts.longPdf}".`);
        }
        log(`importing a ${pages}-page PDF in a fresh process...`);
        const sources = opts.pdfs && existsSync(opts.pdfs) ? await readablePdfs(opts.pdfs) : [];
        longPdf = await benchLongPdf(await makeLongPdf(pages, sources), { modelsDir, modelId, threads });
      }
      const result = {
        model: modelId,
        quantization: rt.manifest.quantization,
        threads,
        embedding,
        indexing: indexed.figures,
        latency,
        pdf,
        ocr,
        longPdf,
        scale,
      };
      if (opts.json) return printJson(result);
      printReport(result);
    });
}

function printReport(r: {
  model: string;
  quantization: string;
  threads: number;
  embedding: Awaited<ReturnType<typeof benchEmbedding>>;
  indexing: { notes: number; chunks: number; notesPerSecond: number; peakRssMb: number };
  latency: Array<{ mode: string; chunks: number; p50Ms: number; p99Ms: number }>;
  pdf?: { pages: number; pagesPerSecond: number };
  ocr?: Awaited<ReturnType<typeof benchOcr>>;
  longPdf?: Awaited<ReturnType<typeof benchLongPdf>>;
  scale?: Awaited<ReturnType<typeof benchScale>>;
}) {
  const e = r.embedding;
  const ref =
    e.reference && 'ratio' in e.reference
      ? ` | Python reference ${e.reference.tokensPerSecond.toFixed(0)} tok/s, ratio ${e.reference.ratio.toFixed(2)}`
      : e.reference
        ? ` | ${e.reference.error}`
        : '';
  const lines = [
    `model ${r.model} (${r.quantization}), ${r.threads} threads`,
    `embedding: ${e.tokensPerSecond.toFixed(0)} tok/s over ${e.texts} chunks / ${e.tokens} tokens${ref}`,
    `indexing: ${r.indexing.notes} notes -> ${r.indexing.chunks} chunks, ${r.indexing.notesPerSecond.toFixed(1)} notes/s, peak RSS ${r.indexing.peakRssMb.toFixed(0)} MB`,
    ...r.latency.map(
      (l) =>
        `query ${l.mode.padEnd(7)}: p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms over ${l.chunks} chunks`,
    ),
    ...(r.pdf ? [`pdf text layer: ${r.pdf.pages} pages, ${r.pdf.pagesPerSecond.toFixed(0)} pages/s`] : []),
    ...(r.ocr
      ? [
          `ocr: ${r.ocr.ocrPages} scanned pages, ${r.ocr.pagesPerSecond.toFixed(2)} pages/s (${(r.ocr.seconds / Math.max(r.ocr.ocrPages, 1)).toFixed(1)} s/page); first page reads: "${r.ocr.sample}"`,
        ]
      : []),
    ...(r.longPdf
      ? [
          `long pdf: ${r.longPdf.pages} pages -> ${r.longPdf.chunks} chunks in ${r.longPdf.seconds.toFixed(0)} s (${r.longPdf.pagesPerSecond.toFixed(1)} pages/s end to end), peak RSS ${r.longPdf.peakRssMb} MB`,
        ]
      : []),
    ...(r.scale
      ? [
          `scale: ${r.scale.chunks} chunks (built in ${r.scale.buildSeconds.toFixed(0)} s, ANN index ${r.scale.annIndexSeconds.toFixed(0)} s), ANN recall@10 vs exact ${r.scale.recallAt10.toFixed(3)}`,
          ...r.scale.latency.map(
            (l) => `scale query ${l.mode.padEnd(6)}: p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms`,
          ),
        ]
      : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
