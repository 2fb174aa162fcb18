import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EngineError } from '../../shared/result';
import type { PageText } from '../../shared/types';
import type { Embedder } from '../embed/embedder';
import type { TextTokenizer } from '../embed/tokenizer';
import type { LanceStore } from '../store/lanceStore';
import type { ChunkRow, DocumentRow, PageRow } from '../store/schema';
import { sha256, shortId } from '../util/hash';
import { chunkPage } from './chunker';
import type { Chunk } from './chunker';
import { extractorFor } from './registry';
import type { Extraction } from './types';

export interface IndexerDeps {
  store: LanceStore;
  embedder: () => Promise<Embedder>;
  tokenizer: () => Promise<TextTokenizer>;
  chunkTokens: number;
  overlapTokens: number;
}

export interface FileProgress {
  signal?: AbortSignal;
  onPage?: () => void;
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
  const extractor = extractorFor(path);
  const bytes = await readFile(path);
  const fileHash = sha256(bytes);
  const existing = (await deps.store.listDocuments()).filter((d) => d.path === path);
  if (existing.length > 0 && existing.every((d) => d.status === 'ready' && d.contentHash.startsWith(fileHash))) {
    return 'unchanged';
  }
  const extractions = await extractor(path, bytes, { signal: progress.signal, onPage: () => undefined });
  const keep = new Set<string>();
  for (const extraction of extractions) {
    const id = documentId(path, extraction.key);
    keep.add(id);
    await indexExtraction(deps, extraction, { id, path, fileHash, size: info.size, mtime: info.mtimeMs }, progress);
  }
  // Rows gone from an export, or an earlier failure record, are removed once the new content is in.
  for (const old of existing) if (!keep.has(old.id)) await deps.store.removeDocument(old.id);
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
  const tokenizer = await deps.tokenizer();
  const pages: PageText[] = [];
  const chunks: Chunk[] = [];
  for await (const page of ex.pages) {
    if (progress.signal?.aborted) throw new EngineError('Cancelled', 'Import cancelled.');
    pages.push(page);
    chunks.push(
      ...chunkPage(page.page, page.text, {
        maxTokens: deps.chunkTokens,
        overlapTokens: deps.overlapTokens,
        countTokens: (t) => tokenizer.count(t),
      }),
    );
    progress.onPage?.();
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
  const vectors = await embedReusing(deps, file.id, chunks);
  if (progress.signal?.aborted) throw new EngineError('Cancelled', 'Import cancelled.');
  const folder = dirname(file.path);
  const date = ex.meta.date ?? null;
  const patient = ex.meta.patient ?? null;
  const chunkRows: ChunkRow[] = chunks.map((c, ord) => ({
    id: `${file.id}:${version.slice(0, 12)}:${ord}`,
    docId: file.id,
    version,
    ord,
    page: c.page,
    start: c.start,
    end: c.end,
    section: c.section ?? null,
    text: c.text,
    textHash: sha256(c.text),
    type: ex.type,
    folder,
    date,
    patient,
    vector: vectors[ord]!,
  }));
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
    chunks: chunkRows.length,
    ocrPages: pages.filter((p) => p.ocr).length,
    contentHash: version,
    importedAt: Date.now(),
    size: file.size,
    mtime: file.mtime,
    date,
    patient,
    meta: JSON.stringify(ex.meta),
  };
  await deps.store.writeDocument(doc, pageRows, chunkRows);
  progress.onChunks?.(chunkRows.length);
}

async function embedReusing(deps: IndexerDeps, docId: string, chunks: Chunk[]): Promise<Float32Array[]> {
  const known = await deps.store.vectorsByTextHash(docId);
  const hashes = chunks.map((c) => sha256(c.text));
  const missing = chunks.map((c, i) => ({ c, i })).filter(({ i }) => !known.has(hashes[i]!));
  const embedder = missing.length ? await deps.embedder() : undefined;
  const fresh = embedder
    ? await embedder.embed(
        missing.map(({ c }) => c.text),
        'passage',
      )
    : [];
  const out: Float32Array[] = hashes.map((h) => known.get(h)!);
  missing.forEach(({ i }, j) => (out[i] = fresh[j]!));
  return out;
}

/** The document row of a file that failed: its error is kept and listed, and no content rows exist. */
export function failureRow(path: string, message: string): DocumentRow {
  const abs = resolve(path);
  return {
    id: documentId(abs, ''),
    path: abs,
    key: '',
    title: abs.split(/[\\/]/).pop() ?? abs,
    type: abs.toLowerCase().endsWith('.pdf') ? 'pdf' : 'note',
    folder: dirname(abs),
    status: 'error',
    error: message,
    pages: 0,
    chunks: 0,
    ocrPages: 0,
    contentHash: '',
    importedAt: Date.now(),
    size: 0,
    mtime: 0,
    date: null,
    patient: null,
    meta: '{}',
  };
}
