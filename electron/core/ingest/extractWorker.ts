import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { fromErrorData, toErrorData } from '../../shared/result';
import { TextTokenizer } from '../embed/tokenizer';
import { sha256 } from '../util/hash';
import type { ChunkOptions } from './chunker';
import { ContextChunker } from './contextChunks';
import type { ChunkingSpec, FromExtractWorker, ToExtractWorker } from './extractProtocol';
import { checkFileSize } from './limits';
import type { PdfDocLike } from './ocr/renderPage';
import { extractorFor } from './registry';

// Reading, parsing and chunking one file at a time, off the engine's main thread: however long a file takes, searches
// and cancels are answered, and the engine can stop this thread when the file runs over its time budget.
const port = parentPort!;
const post = (msg: FromExtractWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

const tokenizers = new Map<string, Promise<TextTokenizer>>();
const pendingOcr = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();
let nextOcr = 1;

port.on('message', (msg: ToExtractWorker) => {
  if (msg.type === 'ocrText') {
    const waiting = pendingOcr.get(msg.id);
    pendingOcr.delete(msg.id);
    if (msg.error) waiting?.reject(fromErrorData(msg.error));
    else waiting?.resolve(msg.text ?? '');
    return;
  }
  void extract(msg).catch((err: unknown) => post({ type: 'error', error: toErrorData(err) }));
});

async function chunkOptions(spec: ChunkingSpec): Promise<ChunkOptions> {
  let tokenizer = tokenizers.get(spec.tokenizerDir);
  if (!tokenizer) {
    tokenizer = TextTokenizer.load(spec.tokenizerDir);
    tokenizers.set(spec.tokenizerDir, tokenizer);
    tokenizer.catch(() => tokenizers.delete(spec.tokenizerDir));
  }
  const t = await tokenizer;
  const { maxTokens, overlapTokens, minSectionTokens } = spec;
  return { maxTokens, overlapTokens, minSectionTokens, countTokens: (text) => t.count(text) };
}

/** The file's bytes, never more than its size when opened allows, so a file that grew since it was checked is refused. */
async function readBounded(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    checkFileSize(path, size);
    const bytes = new Uint8Array(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await file.read(bytes, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return bytes.subarray(0, read);
  } finally {
    await file.close();
  }
}

function ocrPage(pdf: unknown, page: number): Promise<string> {
  return import('./ocr/renderPage').then(async ({ renderPagePng }) => {
    const png = new Uint8Array(await renderPagePng(pdf as PdfDocLike, page));
    const id = nextOcr++;
    return new Promise<string>((resolve, reject) => {
      pendingOcr.set(id, { resolve, reject });
      post({ type: 'ocr', id, png }, [png.buffer as ArrayBuffer]);
    });
  });
}

async function extract(msg: Extract<ToExtractWorker, { type: 'extract' }>): Promise<void> {
  const { path, chunking: spec, ocr, ocrAtOnce, pdfReaders } = msg;
  const extractor = await extractorFor(path);
  const options = await chunkOptions(spec);
  post({ type: 'reading' });
  const bytes = await readBounded(path);
  const hash = sha256(bytes);
  const extractions = await extractor(path, bytes, { ocr: ocr ? ocrPage : undefined, ocrAtOnce, pdfReaders });
  const documents = extractions.map(({ key, type, title, meta, pageCount }) => ({ key, type, title, meta, pageCount }));
  post({ type: 'documents', hash, documents });
  for (let doc = 0; doc < extractions.length; doc++) {
    const chunker = new ContextChunker(options);
    for await (const page of extractions[doc]!.pages) {
      post({ type: 'page', doc, page: { ...page, chunks: chunker.page(page.page, page.text) } });
    }
    post({ type: 'docEnd', doc });
  }
  post({ type: 'end' });
}
