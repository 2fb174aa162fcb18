import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EngineError } from '../../shared/result';
import type { PageText } from '../../shared/types';
import type { Embedder } from '../embed/embedder';
import type { ChunkIndex } from '../index/chunkIndex';
import type { Library } from '../library/library';
import type { DocumentRow, PageRow } from '../library/schema';
import { sha256, shortId } from '../util/hash';
import type { Chunk, ChunkOptions } from './chunker';
import { ContextChunker } from './contextChunks';
import { checkFileSize } from './limits';
import { extractorFor } from './registry';
import { chunkRows, documentRow } from './rows';
import type { PageOcr } from './ocr/pdfOcr';
import type { Extraction } from './types';

/** What an import writes with: the library, and the model (its index, embedder and chunking) bound at job start. */
export interface IndexerDeps {
  library: Library;
  index: ChunkIndex;
  embedder: () => Promise<Embedder>;
  chunking: ChunkOptions;
  /** OCR for PDF pages without a text layer. */
  ocr?: PageOcr;
}

export interface FileProgress {
  signal?: AbortSignal;
  /** A page was read; `of` is the document's page count when known. */
  onPage?: (page: number, of?: number) => void;
  /** That many more chunks are embedded. */
  onChunks?: (n: number) => void;
}

export type FileOutcome = 'added' | 'updated' | 'unchanged';

export function documentId(path: string, key: string): string {
  return shortId(path, key);
}

/**
 * Imports one file: extracts its documents, chunks and embeds them and writes each document atomically. An
 * unchanged file (same bytes) is a no-op; a changed one re-embeds only chunks whose text changed.
 */
export async function indexFile(deps: IndexerDeps, rawPath: string, progress: FileProgress = {}): Promise<FileOutcome> {
  const path = resolve(rawPath);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new EngineError('FileUnreadable', `${path}: no such file.`, path);
  if (!info.isFile()) throw new EngineError('UnsupportedFile', `${path}: not a regular file.`, path);
  const extractor = await extractorFor(path);
  checkFileSize(path, info.size);
  const bytes = await readFile(path);
  const fileHash = sha256(bytes);
  const existing = deps.library.atPath(path);
  if (existing.length > 0 && existing.every((d) => d.status === 'ready' && d.contentHash.startsWith(fileHash))) {
    return 'unchanged';
  }
  const extractions = await extractor(path, bytes, { signal: progress.signal, ocr: deps.ocr });
  const keep = new Set<string>();
  for (const extraction of extractions) {
    const id = documentId(path, extraction.key);
    keep.add(id);
    await indexExtraction(deps, extraction, { id, path, fileHash, size: info.size, mtime: info.mtimeMs }, progress);
  }
  // Rows gone from an export, or an earlier failure record, are removed once the new content is in.
  const gone = existing.filter((old) => !keep.has(old.id)).map((old) => old.id);
  if (gone.length) await deps.library.remove(gone, [deps.index]);
  return existing.length > 0 ? 'updated' : 'added';
}

interface FileFacts {
  id: string;
  path: string;
  fileHash: string;
  size: number;
  mtime: number;
}

async function indexExtraction(
  deps: IndexerDeps,
  ex: Extraction,
  file: FileFacts,
  progress: FileProgress,
): Promise<void> {
  const version = ex.key ? `${file.fileHash}:${sha256(ex.key).slice(0, 12)}` : file.fileHash;
  const pages: PageText[] = [];
  const chunks: Chunk[] = [];
  // Chunks are embedded in batches while later pages are still being read, so a long PDF's extraction and
  // embedding overlap and its progress moves page by page instead of stalling at the end.
  const previous = deps.library.get(file.id);
  const known = previous?.status === 'ready' ? await deps.index.vectorsByTextHash(file.id) : new Map();
  const embedding = new BatchEmbedding(deps, known, progress);
  const chunker = new ContextChunker(deps.chunking);
  for await (const page of ex.pages) {
    if (progress.signal?.aborted) throw new EngineError('Cancelled', 'Import cancelled.');
    pages.push(page);
    chunks.push(...chunker.page(page.page, page.text));
    progress.onPage?.(page.page, ex.pageCount);
    await embedding.feed(chunks, false);
    // Chunking is synchronous work; yielding keeps the engine answering searches during a long import.
    await new Promise((r) => setImmediate(r));
  }
  if (chunks.length === 0) {
    throw new EngineError(
      'FileUnreadable',
      `${file.path}: no text found${pages.length ? ` on ${pages.length} page(s)` : ''}.`,
      file.path,
    );
  }
  const vectors = await embedding.feed(chunks, true);
  if (progress.signal?.aborted) throw new EngineError('Cancelled', 'Import cancelled.');
  const folder = dirname(file.path);
  const date = ex.meta.date ?? null;
  const patient = ex.meta.patient ?? null;
  const rows = chunkRows({ id: file.id, version, type: ex.type, folder, date, patient }, chunks, vectors);
  const pageRows: PageRow[] = pages.map((p) => ({ docId: file.id, version, page: p.page, text: p.text, ocr: p.ocr }));
  const doc: DocumentRow = {
    id: file.id,
    path: file.path,
    key: ex.key,
    title: ex.title,
    type: ex.type,
    folder,
    status: 'ready',
    error: null,
    pages: pages.length,
    chunks: rows.length,
    ocrPages: pages.filter((p) => p.ocr).length,
    contentHash: version,
    importedAt: Date.now(),
    size: file.size,
    mtime: file.mtime,
    date,
    patient,
    meta: JSON.stringify(ex.meta),
  };
  await deps.library.write(doc, pageRows, rows, deps.index);
}

const EMBED_BATCH = 64;
const MAX_BATCHES_IN_FLIGHT = 3;

/** Embeds a growing list of chunks batch by batch, reusing vectors of chunk texts the document already had. */
class BatchEmbedding {
  private readonly vectors: Float32Array[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private next = 0;

  constructor(
    private readonly deps: IndexerDeps,
    private readonly known: Map<string, Float32Array>,
    private readonly progress: FileProgress,
  ) {}

  /** Starts batches for the chunks not yet sent; with `all`, also the last short batch, and waits for every one. */
  async feed(chunks: Chunk[], all: boolean): Promise<Float32Array[]> {
    while (chunks.length - this.next >= EMBED_BATCH || (all && this.next < chunks.length)) {
      const from = this.next;
      const batch = chunks.slice(from, from + EMBED_BATCH);
      this.next += batch.length;
      const work = this.embed(batch, from);
      work.catch(() => undefined); // awaited below or at the end; this only keeps it from counting as unhandled
      this.inFlight.push(work);
      // Backpressure: a fast extractor must not queue a whole book's chunks ahead of the embedder.
      if (this.inFlight.length > MAX_BATCHES_IN_FLIGHT) await this.inFlight.shift();
    }
    if (all) {
      await Promise.all(this.inFlight.splice(0));
      return this.vectors;
    }
    return [];
  }

  private async embed(batch: Chunk[], from: number): Promise<void> {
    const hashes = batch.map((c) => sha256(c.text));
    const missing = batch.map((c, i) => ({ c, i })).filter(({ i }) => !this.known.has(hashes[i]!));
    const fresh = missing.length
      ? await (
          await this.deps.embedder()
        ).embed(
          missing.map(({ c }) => c.text),
          'passage',
        )
      : [];
    hashes.forEach((h, i) => {
      const v = this.known.get(h);
      if (v) this.vectors[from + i] = v;
    });
    missing.forEach(({ i }, j) => (this.vectors[from + i] = fresh[j]!));
    this.progress.onChunks?.(batch.length);
  }
}

/** The document row of a file that failed: its error is kept and listed, and no content rows exist. */
export function failureRow(path: string, message: string): DocumentRow {
  const abs = resolve(path);
  return documentRow({
    id: documentId(abs, ''),
    path: abs,
    title: abs.split(/[\\/]/).pop() ?? abs,
    type: abs.toLowerCase().endsWith('.pdf') ? 'pdf' : 'note',
    folder: dirname(abs),
    status: 'error',
    error: message,
    pages: 0,
    contentHash: '',
  });
}
