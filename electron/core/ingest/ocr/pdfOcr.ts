import { cleanOcrText } from './cleanOcr';
import type { PdfDocLike } from './renderPage';
import { renderPagePng } from './renderPage';
import { Semaphore } from '../../util/semaphore';
import { TesseractOcr } from './tesseract';

/** Text of one page of an open pdf.js document, read by OCR. */
export type PageOcr = (pdf: unknown, pageNumber: number) => Promise<string>;

/**
 * OCR of PDF pages without a text layer, `workers` pages at a time, each on its own Tesseract worker (started on first
 * use). More pages at once would only queue, and hold their images (up to 24 MP each) in memory longer.
 */
export class PdfOcr {
  private readonly engines: TesseractOcr[];
  private readonly free: TesseractOcr[];
  private readonly slots: Semaphore;
  private readonly running = new Set<Promise<unknown>>();

  constructor(readonly workers = 1) {
    this.engines = Array.from({ length: Math.max(1, workers) }, () => new TesseractOcr());
    this.free = [...this.engines];
    this.slots = new Semaphore(this.engines.length);
  }

  readonly page: PageOcr = (pdf, pageNumber) =>
    this.enqueue(async (tesseract) => {
      const png = await renderPagePng(pdf as PdfDocLike, pageNumber);
      return cleanOcrText(await tesseract.recognize(png));
    });

  /** Text of a page already drawn as a PNG (by the worker that reads the PDF). */
  readonly image = (png: Uint8Array): Promise<string> =>
    this.enqueue(async (tesseract) => cleanOcrText(await tesseract.recognize(Buffer.from(png))));

  private enqueue(work: (tesseract: TesseractOcr) => Promise<string>): Promise<string> {
    const run = this.slots.run(async () => {
      const tesseract = this.free.pop()!;
      try {
        return await work(tesseract);
      } finally {
        this.free.push(tesseract);
      }
    });
    const settled = run.catch(() => undefined);
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return run;
  }

  /** Stops the OCR worker threads once queued pages are done; later pages start fresh ones. */
  async close(): Promise<void> {
    await Promise.all(this.running);
    await Promise.all(this.engines.map((t) => t.close()));
  }
}
