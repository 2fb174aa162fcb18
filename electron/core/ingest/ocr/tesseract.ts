import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker } from 'tesseract.js';
import type { Page, Worker } from 'tesseract.js';
import type { OcrParagraph } from './cleanOcr';

/**
 * One Tesseract worker for the process, started on first use and kept: starting one costs about half a second
 * and some 30 MB, and OCR jobs are queued anyway. Fully offline: the English model comes from the
 * @tesseract.js-data/eng package, read from disk, never cached or fetched (verified with strace: no inet socket).
 */

const require = createRequire(import.meta.url);

/** The folder holding eng.traineddata.gz (the "best_int" model: LSTM, integer-quantised, the accurate one). */
export function englishLangPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

let workerPromise: Promise<Worker> | undefined;

/** The worker_threads Worker inside tesseract.js's worker object (an undocumented field, hence optional). */
type Thread = { ref?: () => void; unref?: () => void };
function threadOf(w: Worker): Thread | undefined {
  return (w as unknown as { worker?: Thread }).worker;
}

function worker(): Promise<Worker> {
  workerPromise ??= createWorker('eng', 1, {
    langPath: englishLangPath(),
    gzip: true,
    cacheMethod: 'none',
    // Without a handler tesseract.js rethrows a failed job inside its message listener, an uncaught exception that
    // would take the engine down; the job's own promise rejects either way.
    errorHandler: () => undefined,
  }).then((w) => {
    // An idle worker must not keep the process alive (a CLI run would never exit); it is held only during a job.
    threadOf(w)?.unref?.();
    return w;
  });
  // A failed start is not remembered, so the next page tries again.
  workerPromise.catch(() => (workerPromise = undefined));
  return workerPromise;
}

/** Paragraphs of lines of words with confidences, from an encoded image (PNG). */
export async function recognizeImage(image: Buffer): Promise<OcrParagraph[]> {
  const w = await worker();
  const thread = threadOf(w);
  thread?.ref?.();
  try {
    const { data } = await w.recognize(image, {}, { text: true, blocks: true });
    return paragraphsOf(data);
  } finally {
    thread?.unref?.();
  }
}

function paragraphsOf(page: Page): OcrParagraph[] {
  return (page.blocks ?? []).flatMap((b) =>
    b.paragraphs.map((p) => ({
      lines: p.lines.map((l) => ({ words: l.words.map((w) => ({ text: w.text, confidence: w.confidence })) })),
    })),
  );
}

/** Ends the worker thread; the next OCR starts a new one. */
export async function terminateOcrWorker(): Promise<void> {
  const pending = workerPromise;
  workerPromise = undefined;
  const w = pending ? await pending.catch(() => undefined) : undefined;
  await w?.terminate();
}
