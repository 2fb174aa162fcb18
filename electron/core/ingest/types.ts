import type { DocMeta, DocType, PageText } from '../../shared/types';
import type { PageOcr } from './ocr/pdfOcr';

/** One document read from a file. Most files hold one; an export (CSV/JSONL) holds one per row. */
export interface Extraction {
  /** '' for a whole file; a stable row key (e.g. "row:12") inside a multi-document file. */
  key: string;
  type: DocType;
  title: string;
  meta: DocMeta;
  /** The number of pages, when known before they are read (PDFs), for progress. */
  pageCount?: number;
  /** Streamed so a 500-page PDF never sits in memory whole. */
  pages: AsyncIterable<PageText>;
}

export interface ExtractContext {
  /** Called when a page needs OCR and is being processed, for progress. */
  onPage?: (page: number) => void;
  signal?: AbortSignal;
  /** Reads pages without a text layer; without it such pages import as empty pages. */
  ocr?: PageOcr;
  /** Pages of a PDF read by OCR at once (the OCR engine's workers); default 1. */
  ocrAtOnce?: number;
  /** Threads that parse one PDF's pages at once, this one included (1: this thread alone). */
  pdfReaders?: number;
}

export type Extractor = (file: string, bytes: Uint8Array, ctx: ExtractContext) => Promise<Extraction[]>;

async function* fromArray(pages: PageText[]): AsyncIterable<PageText> {
  yield* pages;
}

/** A document that is one page of text: notes, Word and RTF files, export rows, FHIR and C-CDA narratives. */
export function textDocument(doc: Omit<Extraction, 'pages' | 'pageCount'>, text: string): Extraction {
  return { ...doc, pages: fromArray([{ page: 1, text, ocr: false }]) };
}
