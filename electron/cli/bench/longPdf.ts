import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const run = promisify(execFile);

const SENTENCES = [
  'The patient reports intermittent chest pain radiating to the left arm, worse with exertion.',
  'Blood pressure was 142/88 mmHg and heart rate 96 beats per minute at rest.',
  'Metformin 500 mg twice daily was continued; HbA1c is due in three months.',
  'No fever, chills or night sweats. Appetite is reduced and weight is stable.',
  'Chest radiograph shows a small left pleural effusion without consolidation.',
  'She denies dysuria. Urinalysis was negative for leukocyte esterase and nitrites.',
  'Follow up in the anticoagulation clinic to review the INR in one week.',
  'Physical therapy for the right knee, three sessions a week for six weeks.',
];

/**
 * A long PDF for memory and speed checks: real pages copied round-robin from `sources` (PDF bytes), or, without
 * sources, short synthetic note pages. Each synthetic page says "Page n of N" and carries a unique marker word
 * (`marker<n>`), so a test can find any page by keyword.
 */
export async function makeLongPdf(pages: number, sources: Uint8Array[] = []): Promise<Uint8Array> {
  const out = await PDFDocument.create();
  if (sources.length > 0) {
    const docs = await Promise.all(sources.map((b) => PDFDocument.load(b)));
    let i = 0;
    while (out.getPageCount() < pages) {
      const src = docs[i % docs.length]!;
      const want = Math.min(src.getPageCount(), pages - out.getPageCount());
      const copied = await out.copyPages(
        src,
        Array.from({ length: want }, (_, k) => k),
      );
      for (const p of copied) out.addPage(p);
      i++;
    }
    return out.save();
  }
  const font = await out.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = out.addPage([420, 595]);
    const lines = [
      `Page ${n} of ${pages}`,
      `Progress note marker${n}`,
      ...[0, 1, 2].map((k) => SENTENCES[(n * 3 + k) % SENTENCES.length]!),
    ];
    lines.forEach((line, k) => page.drawText(line, { x: 30, y: 560 - k * 16, size: 8, font }));
  }
  return out.save();
}

export interface LongPdfFigures {
  pages: number;
  chunks: number;
  seconds: number;
  pagesPerSecond: number;
  peakRssMb: number;
}

/**
 * Imports one long PDF with `clinote index` in a fresh process, so the peak resident memory reported is the import's
 * own (engine, embedding worker and all), not the benchmark's.
 */
export async function benchLongPdf(
  pdf: Uint8Array,
  opts: { modelsDir: string; modelId: string; threads: number; cli: string },
): Promise<LongPdfFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'clinote-longpdf-'));
  try {
    const file = join(dir, 'long.pdf');
    await writeFile(file, pdf);
    const args = [opts.cli, '--db', join(dir, 'data'), '--models', opts.modelsDir, '--threads', String(opts.threads)];
    const t0 = performance.now();
    const { stdout } = await run(process.execPath, [...args, 'index', '--model', opts.modelId, '--json', file], {
      maxBuffer: 1 << 24,
    });
    const seconds = (performance.now() - t0) / 1000;
    const summary = JSON.parse(stdout) as { added: number; peakRssMb: number; failed: unknown[] };
    if (summary.added !== 1) throw new Error(`the long PDF did not import: ${JSON.stringify(summary.failed)}`);
    const docs = JSON.parse((await run(process.execPath, [...args, 'docs', 'list', '--json'])).stdout) as Array<{
      pages: number;
      chunks: number;
    }>;
    const pages = docs[0]?.pages ?? 0;
    return {
      pages,
      chunks: docs[0]?.chunks ?? 0,
      seconds,
      pagesPerSecond: pages / seconds,
      peakRssMb: summary.peakRssMb,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readPdfs(files: string[]): Promise<Uint8Array[]> {
  return Promise.all(files.map(async (f) => new Uint8Array(await readFile(f))));
}

/** The PDFs of a folder that pdf-lib can copy pages from (not encrypted, not broken). */
export async function readablePdfs(dir: string): Promise<Uint8Array[]> {
  const files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.pdf')).map((f) => join(dir, f));
  const out: Uint8Array[] = [];
  for (const bytes of await readPdfs(files)) {
    try {
      const doc = await PDFDocument.load(bytes, { throwOnInvalidObject: true });
      await (await PDFDocument.create()).copyPages(doc, doc.getPageIndices());
      out.push(bytes);
    } catch {
      // skipped: not a source of clean pages
    }
  }
  return out;
}
