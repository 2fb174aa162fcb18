import { createRequire } from 'node:module';
import { basename, dirname, extname, join } from 'node:path';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { EngineError } from '../../shared/result';
import type { PageText } from '../../shared/types';
import { pageTexts } from './pdfPagePool';
import { guardPdfJsRejections } from './pdfRejections';
import type { ExtractContext, Extractor } from './types';

type PdfJs = typeof PdfJsModule;
let pdfjsPromise: Promise<PdfJs> | undefined;
const resolveFrom = createRequire(import.meta.url);

function loadPdfJs(): Promise<PdfJs> {
  guardPdfJsRejections();
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

function standardFontDataUrl(): string {
  return join(dirname(resolveFrom.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
}

/** A page with less text than this has no usable text layer and goes to OCR when OCR is available. */
export const MIN_TEXT_LAYER_CHARS = 16;

/** Opens a PDF; `owned`: the bytes are the caller's to give away (pdf.js takes them over), otherwise copied. */
export async function openPdf(file: string, bytes: Uint8Array, owned = false) {
  if (bytes.length === 0) throw new EngineError('FileUnreadable', `${file}: the file is empty.`, file);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: owned ? bytes : new Uint8Array(bytes),
    standardFontDataUrl: standardFontDataUrl(),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new EngineError(
        'Encrypted',
        `${file}: the PDF is password-protected; open it with its password and save an unprotected copy.`,
        file,
      );
    }
    if (name === 'InvalidPDFException') {
      throw new EngineError('FileUnreadable', `${file}: not a valid PDF (${(err as Error).message}).`, file);
    }
    throw new EngineError('FileUnreadable', `${file}: can't read the PDF (${(err as Error).message}).`, file);
  }
}

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

/** Joins pdf.js text items into lines; items on one line are spaced unless they already touch whitespace. */
export function joinTextItems(items: TextItemLike[]): string {
  // Parts joined once, with the last character tracked: testing the growing string itself (/\s$/, or indexing a
  // string built by +=) rescans it on every item, which made a page of 80,000 items take minutes.
  const parts: string[] = [];
  let last = '';
  for (const item of items) {
    const s = item.str ?? '';
    if (s && last && !/\s/.test(last) && !/^\s/.test(s)) parts.push(' ');
    if (s) parts.push(s);
    if (item.hasEOL) parts.push('\n');
    last = item.hasEOL ? '\n' : s ? s[s.length - 1]! : last;
  }
  // Spaces dropped only before a line break, each run matched once: `[ \t]+\n` retries at every space of a long run
  // that ends without one.
  return parts
    .join('')
    .replace(/[ \t]+(\n)?/g, (run, eol?: string) => eol ?? run)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * More text than any printed page holds (a dense page has some 10,000 characters). A few kilobytes of PDF can
 * inflate to gigabytes of text operators; reading stops here instead of taking minutes and gigabytes.
 */
export const MAX_PAGE_CHARS = 1_000_000;

export type PdfDocument = Awaited<ReturnType<typeof openPdf>>;

class PageTooLarge extends Error {}

async function drain(reader: ReadableStreamDefaultReader<unknown>): Promise<void> {
  try {
    while (!(await reader.read()).done);
  } catch {
    // the document was destroyed: the stream ends in an error
  }
}

/** The page's text items, read as a stream so that a page past MAX_PAGE_CHARS is abandoned as soon as it is. */
async function readPage(doc: PdfDocument, n: number) {
  const page = await doc.getPage(n);
  const items: TextItemLike[] = [];
  let chars = 0;
  const reader = (page.streamTextContent() as ReadableStream<{ items: TextItemLike[] }>).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    for (const item of next.value.items) {
      chars += item.str?.length ?? 0;
      items.push(item);
    }
    if (chars > MAX_PAGE_CHARS) {
      // The rest is read and dropped until the document is destroyed, which stops the parse. Left unread, the parse
      // waits for room in the stream and destroy() waits for the parse, forever; cancelled, the parse goes on to the
      // end of the page (a bomb's gigabytes) before destroy() returns.
      void drain(reader);
      throw new PageTooLarge();
    }
  }
  return { page, content: { items } };
}

/** The text of page `n`, read from its text layer; errors name the file and the page. */
export async function readPageText(doc: PdfDocument, file: string, n: number): Promise<string> {
  const { page, content } = await readPage(doc, n).catch((err: unknown) => {
    if (err instanceof PageTooLarge) {
      const limit = `${MAX_PAGE_CHARS.toLocaleString('en-US')} characters`;
      throw new EngineError(
        'FileUnreadable',
        `${file}: page ${n} holds more than ${limit} of text; no real page does.`,
        file,
      );
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new EngineError('FileUnreadable', `${file}: can't read page ${n} of the PDF (${reason}).`, file);
  });
  const text = joinTextItems(content.items);
  page.cleanup();
  return text;
}

async function ocrPage(ocr: NonNullable<ExtractContext['ocr']>, doc: PdfDocument, file: string, n: number) {
  const text = await ocr(doc, n).catch((err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    throw new EngineError('Internal', `${file}: OCR of page ${n} failed (${reason}).`, file);
  });
  return { page: n, text, ocr: true };
}

async function* pdfPages(file: string, bytes: Uint8Array, ctx: ExtractContext): AsyncIterable<PageText> {
  const doc = await openPdf(file, bytes);
  try {
    const readPage = (n: number) => readPageText(doc, file, n);
    const texts = pageTexts({ file, bytes, doc, readPage, readers: ctx.pdfReaders ?? 1 });
    // Pages wait here, in order, while up to `ocrAtOnce` of them are being read by OCR; with none in OCR, none wait.
    const ahead: Promise<PageText>[] = [];
    const ocrAtOnce = Math.max(1, ctx.ocrAtOnce ?? 1);
    let ocring = 0;
    const mustYield = () => ocring === 0 || ocring >= ocrAtOnce || ahead.length > 4 * ocrAtOnce;
    let failure: unknown;
    try {
      try {
        for await (const { page: n, text } of texts) {
          if (ctx.signal?.aborted) throw new EngineError('Cancelled', 'Import cancelled.');
          if (text.replace(/\s/g, '').length >= MIN_TEXT_LAYER_CHARS || !ctx.ocr) {
            ahead.push(Promise.resolve({ page: n, text, ocr: false }));
          } else {
            ctx.onPage?.(n);
            ocring++;
            const read = ocrPage(ctx.ocr, doc, file, n).finally(() => ocring--);
            read.catch(() => undefined); // awaited in order below; not unhandled meanwhile
            ahead.push(read);
          }
          while (ahead.length > 0 && mustYield()) yield await ahead.shift()!;
        }
      } catch (err) {
        failure = err;
      }
      // The pages read before a page that failed still come first, as they would one at a time; not after a cancel.
      const cancelled = failure instanceof EngineError && failure.kind === 'Cancelled';
      while (ahead.length > 0 && !cancelled) yield await ahead.shift()!;
      if (failure !== undefined) throw failure;
    } finally {
      // Pages still being read by OCR need the document: it is destroyed once they are done.
      await Promise.allSettled(ahead);
    }
  } finally {
    await doc.destroy();
  }
}

export const extractPdf: Extractor = async (file, bytes, ctx) => {
  // Open once up front so a broken or locked file fails before any row is written.
  const probe = await openPdf(file, bytes);
  const info = await probe.getMetadata().catch(() => undefined);
  const pageCount = probe.numPages;
  await probe.destroy();
  const infoTitle = (info?.info as { Title?: string } | undefined)?.Title?.trim();
  return [
    {
      key: '',
      type: 'pdf',
      title: infoTitle && infoTitle.length > 3 ? infoTitle : basename(file, extname(file)),
      meta: {},
      pageCount,
      pages: pdfPages(file, bytes, ctx),
    },
  ];
};
