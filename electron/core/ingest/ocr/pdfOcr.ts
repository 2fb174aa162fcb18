import type { PageOcr } from '../pdf';
import { cleanOcrText } from './cleanOcr';
import type { PdfDocLike } from './renderPage';
import { renderPagePng } from './renderPage';
import { recognizeImage, terminateOcrWorker } from './tesseract';

/**
 * OCR of PDF pages without a text layer. Pages are done one at a time for the whole process: the single worker
 * would queue them anyway, and rendering them all at once (up to 24 MP each) would only hold the memory longer.
 */

let queue: Promise<unknown> = Promise.resolve();

export const ocrPdfPage: PageOcr = (pdf, pageNumber) => {
  const run = queue.then(async () => {
    const png = await renderPagePng(pdf as PdfDocLike, pageNumber);
    return cleanOcrText(await recognizeImage(png));
  });
  queue = run.catch(() => undefined);
  return run;
};

/** Stops the OCR worker thread. The engine calls this from close(); later OCR starts a fresh worker. */
export async function closeOcr(): Promise<void> {
  await queue;
  await terminateOcrWorker();
}
