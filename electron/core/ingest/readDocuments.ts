import { readFile, stat } from 'node:fs/promises';
import { checkFileSize } from './limits';
import { PdfOcr } from './ocr/pdfOcr';
import { closePdfPageHelpers, defaultPdfReaders } from './pdfPagePool';
import { extractorFor } from './registry';
import type { Extraction } from './types';

export interface DocumentReader {
  /** The documents of one file, their pages read lazily. */
  read(file: string): Promise<Extraction[]>;
  /** Stops the OCR worker, if one started. */
  close(): Promise<void>;
}

/**
 * What an import reads from files, page by page, without chunking or embedding (extraction benchmarks, scripts).
 * With `ocr`, pages without a text layer are read by OCR, `ocrWorkers` pages at once (default 1). A PDF's pages
 * are parsed by `pdfReaders` threads (this one and helpers; default: the cores, up to 4).
 */
export function documentReader(opts: { ocr: boolean; pdfReaders?: number; ocrWorkers?: number }): DocumentReader {
  const ocr = opts.ocr ? new PdfOcr(opts.ocrWorkers) : undefined;
  const pdfReaders = opts.pdfReaders ?? defaultPdfReaders();
  return {
    read: async (file) => {
      const extract = await extractorFor(file);
      checkFileSize(file, (await stat(file)).size);
      return extract(file, new Uint8Array(await readFile(file)), {
        ocr: ocr?.page,
        ocrAtOnce: ocr?.workers,
        pdfReaders,
      });
    },
    close: async () => {
      closePdfPageHelpers();
      await ocr?.close();
    },
  };
}
