import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../engine';
import type { ClinoteEngine } from '../engine';
import { closeOcr } from '../ingest/ocr/pdfOcr';
import { extractPdf, joinTextItems, openPdf } from '../ingest/pdf';
import { runSearch } from '../search/searcher';
import type { Note } from './corpus';
import { median, percentile } from './stats';

export interface IndexFigures {
  notes: number;
  chunks: number;
  seconds: number;
  notesPerSecond: number;
  peakRssMb: number;
}

/** End-to-end import of notes written as .txt files: read, chunk, embed, write. */
export async function benchIndexing(
  notes: Note[],
  modelsDir: string,
  modelId: string,
  threads: number,
): Promise<{ figures: IndexFigures; engine: ClinoteEngine; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'clinote-bench-'));
  const inbox = join(dir, 'notes');
  await mkdir(inbox);
  for (const n of notes) await writeFile(join(inbox, `note_${n.id}.txt`), n.text);
  const engine = await createEngine({ dataDir: join(dir, 'data'), modelsDir, modelId, threads, resumeImports: false });
  const t0 = performance.now();
  const summary = await engine.jobs.waitFor((await engine.importFiles([inbox])).jobId);
  const seconds = (performance.now() - t0) / 1000;
  const status = await engine.getStatus();
  return {
    figures: {
      notes: summary.added,
      chunks: status.chunks,
      seconds,
      notesPerSecond: summary.added / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    },
    engine,
    cleanup: async () => {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface QueryFigures {
  mode: string;
  chunks: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
}

/** Query latency end to end (embed + search + snippets), after a warm-up, for each mode. */
export async function benchQueries(
  engine: ClinoteEngine,
  queries: string[],
  modes: Array<'vector' | 'hybrid' | 'keyword'>,
): Promise<QueryFigures[]> {
  const out: QueryFigures[] = [];
  const store = await engine.store();
  const rt = await engine.model();
  const chunks = await store.countChunks();
  const docs = new Map((await store.listDocuments()).map((d) => [d.id, d]));
  for (const mode of modes) {
    const times: number[] = [];
    for (const q of queries.slice(0, 5))
      await runSearch(
        { store, embedder: () => rt.embedder(), document: (id) => docs.get(id) },
        { query: q, mode, k: 10 },
      );
    for (const q of queries) {
      const t0 = performance.now();
      await runSearch(
        { store, embedder: () => rt.embedder(), document: (id) => docs.get(id) },
        { query: q, mode, k: 10 },
      );
      times.push(performance.now() - t0);
    }
    out.push({ mode, chunks, queries: queries.length, p50Ms: median(times), p99Ms: percentile(times, 99) });
  }
  return out;
}

export interface PdfFigures {
  files: number;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
}

/** Text-layer extraction speed (no OCR, no embedding) over every PDF in a folder. */
export async function benchPdf(dir: string): Promise<PdfFigures> {
  const files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.pdf'));
  let pages = 0;
  let ok = 0;
  // Warm-up: loading pdf.js itself and its standard fonts is a one-off cost, not a per-page one.
  const warm = files[0]
    ? await openPdf(files[0], new Uint8Array(await readFile(join(dir, files[0])))).catch(() => undefined)
    : undefined;
  if (warm) {
    await (await warm.getPage(1)).getTextContent();
    await warm.destroy();
  }
  const t0 = performance.now();
  for (const f of files) {
    const bytes = new Uint8Array(await readFile(join(dir, f)));
    const doc = await openPdf(f, bytes).catch(() => undefined);
    if (!doc) continue;
    ok++;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      joinTextItems((await page.getTextContent()).items as Array<{ str?: string; hasEOL?: boolean }>);
      page.cleanup();
      pages++;
    }
    await doc.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  return { files: ok, pages, seconds, pagesPerSecond: pages / seconds };
}

export interface OcrFigures {
  files: number;
  ocrPages: number;
  seconds: number;
  pagesPerSecond: number;
  /** The first characters read from the first OCR'd page, to check by eye that the output is text. */
  sample: string;
}

/** OCR speed: each PDF read through the import extractor, timing only the pages that had no text layer. */
export async function benchOcr(files: string[]): Promise<OcrFigures> {
  let ocrPages = 0;
  let seconds = 0;
  let sample = '';
  try {
    // Warm-up: the first OCR'd page also starts the OCR worker and loads its language data.
    if (files[0])
      for await (const _page of (await extractPdf(files[0], new Uint8Array(await readFile(files[0])), {}))[0]!.pages);
    for (const file of files) {
      const bytes = new Uint8Array(await readFile(file));
      const [doc] = await extractPdf(file, bytes, {});
      let t0 = performance.now();
      for await (const page of doc!.pages) {
        if (page.ocr) {
          seconds += (performance.now() - t0) / 1000;
          ocrPages++;
          sample ||= page.text.replace(/\s+/g, ' ').slice(0, 160);
        }
        t0 = performance.now();
      }
    }
  } finally {
    await closeOcr();
  }
  return { files: files.length, ocrPages, seconds, pagesPerSecond: seconds > 0 ? ocrPages / seconds : 0, sample };
}
