import type { EngineErrorData } from '../../shared/result';
import type { PageText } from '../../shared/types';
import type { Chunk } from './chunker';
import type { Extraction } from './types';

/** How a model wants text chunked, as plain data a worker can rebuild the chunker's options from. */
export interface ChunkingSpec {
  maxTokens: number;
  overlapTokens: number;
  minSectionTokens?: number;
  /** The model folder whose tokenizer.json counts tokens. */
  tokenizerDir: string;
}

/** A document of the file, before its pages. */
export type DocumentHeader = Omit<Extraction, 'pages'>;

/** A page with the chunks cut from it. */
export interface ChunkedPage extends PageText {
  chunks: Chunk[];
}

export type ToExtractWorker =
  | { type: 'extract'; path: string; chunking: ChunkingSpec; ocr: boolean; ocrAtOnce: number; pdfReaders: number }
  | { type: 'ocrText'; id: number; text?: string; error?: EngineErrorData };

export type FromExtractWorker =
  /** The reader and tokenizer are loaded and the file is being read: its time budget starts now. */
  | { type: 'reading' }
  | { type: 'documents'; hash: string; documents: DocumentHeader[] }
  | { type: 'page'; doc: number; page: ChunkedPage }
  | { type: 'docEnd'; doc: number }
  | { type: 'end' }
  /** A page without a text layer, drawn for OCR, which runs outside the worker (one OCR engine for everything). */
  | { type: 'ocr'; id: number; png: Uint8Array }
  | { type: 'error'; error: EngineErrorData };
