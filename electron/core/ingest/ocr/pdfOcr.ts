import { cleanOcrText } from './cleanOcr';
import type { PdfDocLike } from './renderPage';
import { renderPagePng } from './renderPage';
import { TesseractOcr } from './tesseract';

/** Text of one page of an open pdf.js document, read by OCR. */
export type PageOcr = (pdf: unknown, pageNumber: number) => Promise<string>;

/**
 * OCR of PDF pages without a text layer. Pages are done one at a time: the single worker would queue them anyway,
 * and rendering them all at once (up to 24 MP each) would only hold the memory longer.
 */
export class PdfOcr {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly tesseract = new TesseractOcr();

  readonly page: PageOcr = (pdf, pageNumber) =>
    this.enqueue(async () => {
      const png = await renderPagePng(pdf as PdfDocLike, pageNumber);
      return cleanOcrText(await this.tesseract.recognize(png));
    });

  /** Text of a page already drawn as a PNG (by the worker that reads the PDF). */
  readonly image = (png: Uint8Array): Promise<string> =>
    this.enqueue(async () => cleanOcrText(await this.tesseract.recognize(Buffer.from(png))));

  private enqueue(work: () => Promise<string>): Promise<string> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the OCR worker thread once queued pages are done; later pages start a fresh one. */
  async close(): Promise<void> {
    await this.queue;
    await this.tesseract.close();
  }
}
