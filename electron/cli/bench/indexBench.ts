import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentReader } from '../../core';
import type { DocumentReader, Engine } from '../../core';
import type { Note } from './corpus';
import { makeLongPdf } from './longPdf';
import { median, percentile } from './stats';

export interface IndexFigures {
  notes: number;
  chunks: number;
  seconds: number;
  notesPerSecond: number;
  peakRssMb: number;
}

/** End-to-end import of notes written as .txt files into `engine`'s empty library: read, chunk, embed, write. */
export async function benchIndexing(engine: Engine, notes: Note[], inbox: string): Promise<IndexFigures> {
  await mkdir(inbox, { recursive: true });
  for (const n of notes) await writeFile(join(inbox, `note_${n.id}.txt`), n.text);
  const t0 = performance.now();
  const summary = await engine.waitForJob((await engine.importFiles([inbox])).jobId);
  const seconds = (performance.now() - t0) / 1000;
  return {
    notes: summary.added,
    chunks: (await engine.getStatus()).chunks,
    seconds,
    notesPerSecond: summary.added / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

export interface QueryFigures {
  mode: string;
  chunks: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
}

/** Query latency end to end through the engine's search (embed + search + snippets), after a warm-up, per mode. */
export async function benchQueries(
  engine: Engine,
  queries: string[],
  modes: Array<'vector' | 'hybrid' | 'keyword'>,
): Promise<QueryFigures[]> {
  const out: QueryFigures[] = [];
  const { chunks } = await engine.getStatus();
  for (const mode of modes) {
    const times: number[] = [];
    for (const q of queries.slice(0, 5)) await engine.search({ query: q, mode, k: 10 });
    for (const q of queries) {
      const t0 = performance.now();
      await engine.search({ query: q, mode, k: 10 });
      times.push(performance.now() - t0);
    }
    out.push({ mode, chunks, queries: queries.length, p50Ms: median(times), p99Ms: percentile(times, 99) });
  }
  return out;
}

export interface PdfFigures {
  /** Threads parsing one PDF's pages (the reading thread and its helpers). */
  readers: number;
  files: number;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
}

/**
 * Text-layer extraction speed through the importer's PDF reader (no OCR, no embedding) over a folder's PDFs, one
 * file after another, with each number of page readers in turn, in the same run (so they compare as a ratio).
 */
export async function benchPdf(dir: string, readerCounts: number[]): Promise<PdfFigures[]> {
  const files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.pdf')).map((f) => join(dir, f));
  const out: PdfFigures[] = [];
  for (const readers of readerCounts) {
    const reader = documentReader({ ocr: false, pdfReaders: readers });
    try {
      // Warm-up: loading pdf.js, its standard fonts and the helper threads is a one-off cost, not a per-page one.
      for (const f of files.slice(0, 3)) await countPages(reader, f).catch(() => 0);
      let pages = 0;
      let ok = 0;
      const t0 = performance.now();
      for (const f of files) {
        const n = await countPages(reader, f).catch(() => -1);
        if (n < 0) continue;
        ok++;
        pages += n;
      }
      const seconds = (performance.now() - t0) / 1000;
      out.push({ readers, files: ok, pages, seconds, pagesPerSecond: pages / seconds });
    } finally {
      await reader.close();
    }
  }
  return out;
}

async function countPages(reader: DocumentReader, file: string): Promise<number> {
  let n = 0;
  for (const doc of await reader.read(file)) for await (const _page of doc.pages) n++;
  return n;
}

export interface OcrFigures {
  /** Pages read by OCR at once, each by its own Tesseract worker (the importer's default is 1). */
  workers: number;
  /** Scanned pages in the PDF read (copied from the scans given). */
  ocrPages: number;
  seconds: number;
  pagesPerSecond: number;
  /** The first characters read from the first OCR'd page, to check by eye that the output is text. */
  sample: string;
}

/**
 * OCR speed through the importer's reader: one PDF of `pages` pages copied from the scanned PDFs given, read with each
 * number of OCR workers in turn (after a warm-up that starts every worker and loads its language data).
 */
export async function benchOcr(files: string[], workerCounts: number[], pages = 8): Promise<OcrFigures[]> {
  const sources = await Promise.all(files.map(async (f) => new Uint8Array(await readFile(f))));
  const dir = await mkdtemp(join(tmpdir(), 'clinote-ocr-'));
  const out: OcrFigures[] = [];
  try {
    const scans = join(dir, 'scans.pdf');
    await writeFile(scans, await makeLongPdf(pages, sources));
    const warmUp = join(dir, 'warm-up.pdf');
    await writeFile(warmUp, await makeLongPdf(Math.max(...workerCounts), sources));
    for (const workers of workerCounts) {
      const reader = documentReader({ ocr: true, ocrWorkers: workers, pdfReaders: 1 });
      try {
        await countPages(reader, warmUp);
        let ocrPages = 0;
        let sample = '';
        const t0 = performance.now();
        for await (const page of (await reader.read(scans))[0]!.pages) {
          if (!page.ocr) continue;
          ocrPages++;
          sample ||= page.text.replace(/\s+/g, ' ').slice(0, 160);
        }
        const seconds = (performance.now() - t0) / 1000;
        out.push({ workers, ocrPages, seconds, pagesPerSecond: ocrPages / seconds, sample });
      } finally {
        await reader.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}
