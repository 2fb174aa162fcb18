import { encodeSpans } from '../context';
import type { ChunkRow } from '../index/schema';
import type { DocumentRow } from '../library/schema';
import { sha256 } from '../util/hash';
import type { Chunk } from './chunker';

/** The facts of a document version that every chunk row repeats, so filters need no join. */
export type ChunkOwner = Pick<DocumentRow, 'id' | 'type' | 'folder' | 'date' | 'patient'> & { version: string };

/** Chunk rows of one document version, with their vectors, in chunk order. */
export function chunkRows(owner: ChunkOwner, chunks: Chunk[], vectors: Float32Array[]): ChunkRow[] {
  return chunks.map((c, ord) => ({
    id: `${owner.id}:${owner.version.slice(0, 12)}:${ord}`,
    docId: owner.id,
    version: owner.version,
    ord,
    page: c.page,
    start: c.start,
    end: c.end,
    section: c.section ?? null,
    text: c.text,
    textHash: sha256(c.text),
    type: owner.type,
    folder: owner.folder,
    date: owner.date,
    patient: owner.patient,
    context: encodeSpans(c.context ?? []),
    vector: vectors[ord]!,
  }));
}

/** A document row with the defaults of a text that has no file behind it (evaluation corpora, benchmarks). */
export function documentRow(fields: Partial<DocumentRow> & Pick<DocumentRow, 'id' | 'contentHash'>): DocumentRow {
  return {
    path: fields.id,
    key: '',
    title: fields.id,
    type: 'note',
    folder: '',
    status: 'ready',
    error: null,
    pages: 1,
    chunks: 0,
    ocrPages: 0,
    importedAt: Date.now(),
    size: 0,
    mtime: 0,
    date: null,
    patient: null,
    meta: '{}',
    ...fields,
  };
}
