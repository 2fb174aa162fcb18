import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LanceStore } from '../../electron/core/store/lanceStore';
import type { ChunkRow, DocumentRow } from '../../electron/core/store/schema';

const DIMS = 8;

function doc(id: string, version: string): DocumentRow {
  return {
    id,
    path: `/n/${id}.txt`,
    key: '',
    title: id,
    type: 'note',
    folder: '/n',
    status: 'ready',
    error: null,
    pages: 1,
    chunks: 1,
    ocrPages: 0,
    contentHash: version,
    importedAt: 1,
    size: 1,
    mtime: 1,
    date: '2024-03-01',
    patient: null,
    meta: '{}',
  };
}

function chunk(docId: string, version: string, text: string, axis: number): ChunkRow {
  const vector = new Float32Array(DIMS);
  vector[axis] = 1;
  return {
    id: `${docId}:${version}:0`,
    docId,
    version,
    ord: 0,
    page: 1,
    start: 0,
    end: text.length,
    section: null,
    text,
    textHash: text,
    type: 'note',
    folder: '/n',
    date: '2024-03-01',
    patient: null,
    vector,
  };
}

// A real LanceDB in a temp dir; vectors are hand-made so this needs no model.
describe('LanceStore on disk', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'clinote-store-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('sweeps rows a crash left without a document row, and keeps committed documents', async () => {
    const store = await LanceStore.open(dir, 'm', DIMS);
    await store.writeDocument(
      doc('a', 'v1'),
      [{ docId: 'a', version: 'v1', page: 1, text: 'alpha', ocr: false }],
      [chunk('a', 'v1', 'alpha', 0)],
    );
    // The crash: content rows of 'b' written, its document row never.
    await store.pages.add([{ docId: 'b', version: 'v1', page: 1, text: 'beta', ocr: false }]);
    await store.chunks.add([chunk('b', 'v1', 'beta', 1)] as unknown as Record<string, unknown>[]);
    store.close();
    const reopened = await LanceStore.open(dir, 'm', DIMS);
    expect(await reopened.chunks.countRows()).toBe(1);
    expect(await reopened.pages.countRows()).toBe(1);
    expect((await reopened.listDocuments()).map((d) => d.id)).toEqual(['a']);
    reopened.close();
  });

  it('replaces a document version atomically from the reader side: old rows go only after the new ones are in', async () => {
    const store = await LanceStore.open(dir, 'm', DIMS);
    await store.writeDocument(doc('a', 'v1'), [], [chunk('a', 'v1', 'old text', 0)]);
    await store.writeDocument(doc('a', 'v2'), [], [chunk('a', 'v2', 'new text', 2)]);
    const rows = await store.chunks.query().select(['version', 'text']).toArray();
    expect(rows.map((r) => r.text)).toEqual(['new text']);
    expect((await store.getDocument('a'))?.contentHash).toBe('v2');
    store.close();
  });

  it('searches by vector and keyword with SQL filters', async () => {
    const store = await LanceStore.open(dir, 'm', DIMS);
    await store.writeDocument(doc('a', 'v1'), [], [chunk('a', 'v1', 'chest pain radiating to the left arm', 0)]);
    await store.writeDocument(doc('b', 'v1'), [], [chunk('b', 'v1', 'knee swelling after a fall', 1)]);
    const q = new Float32Array(DIMS);
    q[1] = 1;
    expect((await store.vectorSearch(q, 2))[0]?.docId).toBe('b');
    expect((await store.keywordSearch('chest pain', 5)).map((h) => h.docId)).toEqual(['a']);
    expect(await store.vectorSearch(q, 2, "docId = 'a'")).toHaveLength(1);
    store.close();
  });

  it('groups concurrent writes into shared commits, and one bad document fails alone with nothing left behind', async () => {
    const store = await LanceStore.open(dir, 'm', DIMS);
    // A row LanceDB refuses (text is declared non-null), standing in for any write that fails.
    const bad = { ...chunk('bad', 'v1', 'x', 0), text: null as unknown as string };
    const writes = ['a', 'b', 'bad', 'c', 'd'].map((id, i) =>
      store.writeDocument(
        doc(id, 'v1'),
        [{ docId: id, version: 'v1', page: 1, text: id, ocr: false }],
        [id === 'bad' ? bad : chunk(id, 'v1', `note ${id}`, i % DIMS)],
      ),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await store.listDocuments()).map((d) => d.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    const chunkDocs = (await store.chunks.query().select(['docId']).toArray()).map((r) => r.docId as string);
    expect(chunkDocs.sort()).toEqual(['a', 'b', 'c', 'd']);
    const pageDocs = (await store.pages.query().select(['docId']).toArray()).map((r) => r.docId as string);
    expect(pageDocs.sort()).toEqual(['a', 'b', 'c', 'd']);
    // Three documents written together are one commit to the chunks table, not three.
    const before = await store.chunks.version();
    await Promise.all(['x', 'y', 'z'].map((id, i) => store.writeDocument(doc(id, 'v1'), [], [chunk(id, 'v1', id, i)])));
    expect((await store.chunks.version()) - before).toBe(1);
    // The cached document list is what a fresh open reads from disk.
    store.close();
    const reopened = await LanceStore.open(dir, 'm', DIMS);
    expect((await reopened.listDocuments()).map((d) => d.id).sort()).toEqual(['a', 'b', 'c', 'd', 'x', 'y', 'z']);
    reopened.close();
  });
});
