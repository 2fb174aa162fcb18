import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page, Worker } from 'tesseract.js';
import type { OcrParagraph } from './cleanOcr';

// Fully offline: the English model comes from the @tesseract.js-data/eng package, read from disk, never cached or
// fetched (verified with strace: no inet socket).

const resolveFrom = createRequire(import.meta.url);

/** The folder holding eng.traineddata.gz (the "best_int" model: LSTM, integer-quantised, the accurate one). */
export function englishLangPath(): string {
  return join(dirname(resolveFrom.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** The worker_threads Worker inside tesseract.js's worker object (an undocumented field, hence optional). */
type Thread = { ref?: () => void; unref?: () => void };
function threadOf(w: Worker): Thread | undefined {
  return (w as unknown as { worker?: Thread }).worker;
}

/**
 * One Tesseract worker, started on first use and kept: starting one costs about half a second and some 30 MB, and
 * pages are queued anyway. An engine owns one; close() ends its thread and a later page starts a new one.
 */
export class TesseractOcr {
  private workerPromise?: Promise<Worker>;

  private worker(): Promise<Worker> {
    // Loaded on first use: most imports never need OCR, and the library costs ~100 ms to load.
    this.workerPromise ??= import('tesseract.js')
      .then(({ createWorker }) =>
        createWorker('eng', 1, {
          langPath: englishLangPath(),
          gzip: true,
          cacheMethod: 'none',
          // Without a handler tesseract.js rethrows a failed job inside its message listener, an uncaught exception that
          // would take the engine down; the job's own promise rejects either way.
          errorHandler: () => undefined,
        }),
      )
      .then((w) => {
        // An idle worker must not keep the process alive (a CLI run would never exit); it is held only during a job.
        threadOf(w)?.unref?.();
        return w;
      });
    // A failed start is not remembered, so the next page tries again.
    this.workerPromise.catch(() => (this.workerPromise = undefined));
    return this.workerPromise;
  }

  /** Paragraphs of lines of words with confidences, from an encoded image (PNG). */
  async recognize(image: Buffer): Promise<OcrParagraph[]> {
    const w = await this.worker();
    const thread = threadOf(w);
    thread?.ref?.();
    try {
      const { data } = await w.recognize(image, {}, { text: true, blocks: true });
      return paragraphsOf(data);
    } finally {
      thread?.unref?.();
    }
  }

  async close(): Promise<void> {
    const pending = this.workerPromise;
    this.workerPromise = undefined;
    const w = pending ? await pending.catch(() => undefined) : undefined;
    await w?.terminate();
  }
}

function paragraphsOf(page: Page): OcrParagraph[] {
  return (page.blocks ?? []).flatMap((b) =>
    b.paragraphs.map((p) => ({
      lines: p.lines.map((l) => ({ words: l.words.map((w) => ({ text: w.text, confidence: w.confidence })) })),
    })),
  );
}
