import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EngineError } from '../../shared/result';
import { createEngine, defaultPdfReaders, readStorageSettings, withEnvironment } from '../../core';
import type { Engine, StorageSettings } from '../../core';
import type { BenchOpts } from '../commands/bench';
import { dirsFrom } from '../context';
import { storageSettingsFile } from '../paths';
import { readNotes } from './corpus';
import type { Note } from './corpus';
import { benchCurve, curveSizes } from './curve';
import { benchEmbedding } from './embedBench';
import { benchIndexing, benchOcr, benchPdf, benchQueries } from './indexBench';
import { benchLongPdf, makeLongPdf, readablePdfs } from './longPdf';
import type { BenchReport } from './report';
import { benchInChild } from './child';
import { benchScale, searchLibrary } from './scaleBench';
import { embedSeeds, loadSeeds } from './synthetic';

export { formatReport } from './report';

/** Every benchmark the options ask for, in one engine on a temporary library. */
export async function runBench(opts: BenchOpts, log: (s: string) => void): Promise<BenchReport> {
  const { modelsDir } = dirsFrom(opts);
  const threads = opts.threads ? Number(opts.threads) : 2;
  if (opts.readingOnly) {
    const report: BenchReport = { model: '', quantization: '', threads, cpu: cpuName() };
    await readingBench(opts, report, log);
    return report;
  }
  if (!opts.notes?.length) throw new EngineError('BadInput', '--notes: notes to embed, index and query are needed.');
  const count = Number(opts.count);
  const scaleOnly = Boolean(opts.scaleOnly || opts.curve !== undefined || opts.searchDir);
  const scaling = Boolean(opts.scale || opts.curve !== undefined);
  // Sizes are checked before the minutes of seed embedding, not after.
  if (opts.curve !== undefined) curveSizes(opts.curve);
  if (opts.scale !== undefined && !(Number.isInteger(Number(opts.scale)) && Number(opts.scale) >= 100)) {
    throw new EngineError('BadInput', `--scale: expected a chunk count like 100000; got "${opts.scale}".`);
  }
  // Seeds for a synthetic library come from many notes (about five chunks each).
  const notes = await readNotes(opts.notes, Math.max(count, Number(opts.queries), 50, scaling ? 5_000 : 0));
  if (opts.searchDir) return searchOnly(opts, notes, modelsDir, threads, log);
  const dir = await mkdtemp(join(tmpdir(), 'clinote-bench-'));
  const engine = await createEngine({ dataDir: join(dir, 'data'), modelsDir, modelId: opts.model, threads });
  try {
    const model = await engine.tools.model();
    const modelId = model.manifest.id;
    const report: BenchReport = { model: modelId, quantization: model.manifest.quantization, threads, cpu: cpuName() };
    const queries = notes.map(firstSentence).slice(0, Number(opts.queries));
    if (!scaleOnly) await basics(engine, notes, queries, opts, report, join(dir, 'notes'), log);
    const scaleOpts = { modelsDir, modelId, threads, log };
    if (opts.curve !== undefined) {
      const seeds = await embedScaleSeeds(engine, notes, opts, log);
      const caption = `Clinote cost curve: ${modelId}, ${threads} threads, ${report.cpu}, load average ${loadavg()[0]!.toFixed(1)} at start`;
      report.curve = await benchCurve(opts, seeds, caption, log);
    } else if (opts.scale) {
      const seeds = opts.seedsFile ? await loadSeeds(opts.seedsFile) : await embedScaleSeeds(engine, notes, opts, log);
      const search = async (dataDir: string) =>
        (await benchInChild<BenchReport>(opts, ['--search-dir', dataDir], log)).search!;
      report.scale = await benchScale(seeds, Number(opts.scale), scaleOpts, search);
    }
    if (!scaleOnly && opts.longPdf) report.longPdf = await longPdf(opts, { modelsDir, modelId, threads }, log);
    return report;
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The search half of --scale in its own process: no other engine, so its memory is the searching app's. */
async function searchOnly(
  opts: BenchOpts,
  notes: Note[],
  modelsDir: string,
  threads: number,
  log: (s: string) => void,
): Promise<BenchReport> {
  const s3 = opts.s3 ? { uri: opts.s3, storage: await benchStorage() } : undefined;
  const queries = notes.map(firstSentence).slice(0, Number(opts.queries));
  const search = await searchLibrary(opts.searchDir!, queries, { modelsDir, modelId: opts.model, threads, log, s3 });
  return { model: search.model, quantization: '', threads, cpu: cpuName(), search };
}

async function basics(
  engine: Engine,
  notes: Note[],
  queries: string[],
  opts: BenchOpts,
  report: BenchReport,
  notesDir: string,
  log: (s: string) => void,
): Promise<void> {
  const model = await engine.tools.model();
  const texts: string[] = [];
  for (const n of notes) if (texts.length < Number(opts.texts)) texts.push(...(await engine.tools.chunk(n.text)));
  log(`embedding ${Number(opts.texts)} chunks with ${model.manifest.id} (${model.manifest.quantization})...`);
  report.embedding = await benchEmbedding(model, texts.slice(0, Number(opts.texts)), {
    runs: Number(opts.runs),
    threads: report.threads,
    python: opts.python,
    referenceScript: opts.reference && resolve(opts.reference),
  });
  log(`indexing ${Math.min(notes.length, Number(opts.count))} notes end to end...`);
  report.indexing = await benchIndexing(engine, notes.slice(0, Number(opts.count)), notesDir);
  log('query latency...');
  report.latency = await benchQueries(engine, queries, ['vector', 'hybrid', 'keyword']);
  await readingBench(opts, report, log);
}

/** PDF text layer and OCR: reading only, no model. */
async function readingBench(opts: BenchOpts, report: BenchReport, log: (s: string) => void): Promise<void> {
  if (opts.pdfs && existsSync(opts.pdfs)) {
    log('PDF text layer...');
    report.pdf = await benchPdf(opts.pdfs, counts('--pdf-readers', opts.pdfReaders, [1, defaultPdfReaders()]));
  }
  if (opts.ocr?.length) {
    log(`OCR of ${opts.ocr.length} scanned PDF(s)...`);
    report.ocr = await benchOcr(opts.ocr, counts('--ocr-workers', opts.ocrWorkers, [1, 2]));
  }
}

async function embedScaleSeeds(engine: Engine, notes: Note[], opts: BenchOpts, log: (s: string) => void) {
  log(`embedding ${opts.seeds} real chunks as seeds of the synthetic library...`);
  const t = performance.now();
  const seeds = await embedSeeds(engine, notes, Number(opts.seeds));
  log(`seeds: ${seeds.texts.length} chunks embedded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return seeds;
}

/** The bucket's endpoint and credentials, from the AWS_* variables over the storage settings file. */
async function benchStorage(): Promise<StorageSettings> {
  return withEnvironment(await readStorageSettings(storageSettingsFile()));
}

async function longPdf(
  opts: BenchOpts,
  model: { modelsDir: string; modelId: string; threads: number },
  log: (s: string) => void,
) {
  const pages = Number(opts.longPdf);
  if (!Number.isInteger(pages) || pages < 1) {
    throw new EngineError('BadInput', `--long-pdf: expected a page count, got "${opts.longPdf}".`);
  }
  log(`importing a ${pages}-page PDF in a fresh process...`);
  const sources = opts.pdfs && existsSync(opts.pdfs) ? await readablePdfs(opts.pdfs) : [];
  // The running command itself imports it, in a process of its own.
  return benchLongPdf(await makeLongPdf(pages, sources), { ...model, cli: process.argv[1]! });
}

/** Thread counts like `1,2,4` (each 1 to 16), measured in turn in one run. */
function counts(option: string, list: string | undefined, fallback: number[]): number[] {
  if (list === undefined) return [...new Set(fallback)];
  const out = list.split(',').map((s) => Number(s.trim()));
  if (out.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) {
    throw new EngineError('BadInput', `${option}: expected counts like 1,2,4 (1 to 16); got "${list}".`);
  }
  return out;
}

/** A note's first real sentence: a query of the length and kind people type. */
function firstSentence(n: { text: string }): string {
  return (
    n.text
      .split(/[.\n]/)
      .find((s) => s.trim().length > 20)
      ?.trim() ?? n.text.slice(0, 80)
  );
}

function cpuName(): string {
  const flags = (() => {
    try {
      return (
        readFileSync('/proc/cpuinfo', 'utf8')
          .match(/^flags\s*:(.*)$/m)?.[1]
          ?.split(/\s+/) ?? []
      );
    } catch {
      return [];
    }
  })();
  const vector = ['avx2', 'fma', 'avx512f', 'avx512_vnni', 'avx_vnni'].filter((f) => flags.includes(f));
  return `${cpus()[0]?.model ?? 'unknown CPU'}${vector.length ? ` (${vector.join(', ')})` : ''}`;
}
