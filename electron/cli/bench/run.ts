import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EngineError } from '../../shared/result';
import { createEngine } from '../../core';
import type { BenchOpts } from '../commands/bench';
import { dirsFrom } from '../context';
import { readNotes } from './corpus';
import { benchEmbedding } from './embedBench';
import { benchIndexing, benchOcr, benchPdf, benchQueries } from './indexBench';
import { benchLongPdf, makeLongPdf, readablePdfs } from './longPdf';
import type { BenchReport } from './report';
import { benchScale } from './scaleBench';

export { formatReport } from './report';

/** Every benchmark the options ask for, in one engine on a temporary library. */
export async function runBench(opts: BenchOpts, log: (s: string) => void): Promise<BenchReport> {
  const { modelsDir } = dirsFrom(opts);
  const threads = opts.threads ? Number(opts.threads) : 2;
  const count = Number(opts.count);
  const notes = await readNotes(opts.notes, Math.max(count, 50));
  const dir = await mkdtemp(join(tmpdir(), 'clinote-bench-'));
  const engine = await createEngine({ dataDir: join(dir, 'data'), modelsDir, modelId: opts.model, threads });
  try {
    const model = await engine.tools.model();
    const modelId = model.manifest.id;
    const report: BenchReport = { model: modelId, quantization: model.manifest.quantization, threads, cpu: cpuName() };
    const texts: string[] = [];
    for (const n of notes) if (texts.length < Number(opts.texts)) texts.push(...(await engine.tools.chunk(n.text)));
    log(
      `embedding ${Number(opts.texts)} chunks with ${modelId} (${model.manifest.quantization}), ${threads} threads...`,
    );
    report.embedding = await benchEmbedding(model, texts.slice(0, Number(opts.texts)), {
      runs: Number(opts.runs),
      threads,
      python: opts.python,
      referenceScript: opts.reference && resolve(opts.reference),
    });
    log(`indexing ${Math.min(notes.length, count)} notes end to end...`);
    report.indexing = await benchIndexing(engine, notes.slice(0, count), join(dir, 'notes'));
    log('query latency...');
    const queries = notes.map(firstSentence).slice(0, Number(opts.queries));
    report.latency = await benchQueries(engine, queries, ['vector', 'hybrid', 'keyword']);
    if (opts.scale) {
      log(`synthetic library of ${opts.scale} chunks...`);
      const seed = await engine.tools.sampleChunks(50_000);
      report.scale = await benchScale(seed, Number(opts.scale), queries, { modelsDir, modelId, threads });
    }
    if (opts.pdfs && existsSync(opts.pdfs)) report.pdf = await benchPdf(opts.pdfs);
    if (opts.ocr?.length) {
      log(`OCR of ${opts.ocr.length} scanned PDF(s)...`);
      report.ocr = await benchOcr(opts.ocr);
    }
    if (opts.longPdf) report.longPdf = await longPdf(opts, { modelsDir, modelId, threads }, log);
    return report;
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
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
