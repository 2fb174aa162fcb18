import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
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

describe('LanceStore ANN index', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'clinote-ann-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('answers through the HNSW index close to exact search, for large k and with a filter', async () => {
    const dims = 64;
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const unit = () => {
      const v = Float32Array.from({ length: dims }, rand);
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const store = await LanceStore.open(dir, 'm', dims);
    const rows: ChunkRow[] = Array.from({ length: 3000 }, (_, i) => ({
      ...chunk(`d${i % 30}`, 'v1', `row ${i}`, 0),
      id: `r${i}`,
      ord: i,
      folder: i % 2 ? '/odd' : '/even',
      vector: unit(),
    }));
    await store.chunks.add(rows as unknown as Record<string, unknown>[]);
    expect(await store.ensureVectorIndex(10_000)).toBe(false);
    expect(await store.ensureVectorIndex(0)).toBe(true);
    expect((await store.chunks.listIndices()).find((i) => i.columns.includes('vector'))?.indexType).toMatch(/hnsw/i);

    let overlap = 0;
    const queries = 20;
    for (let q = 0; q < queries; q++) {
      const v = unit();
      const exact = new Set((await store.vectorSearch(v, 10, undefined, true)).map((h) => h.id));
      const ann = await store.vectorSearch(v, 10);
      expect(ann).toHaveLength(10);
      overlap += ann.filter((h) => exact.has(h.id)).length / 10;
    }
    expect(overlap / queries).toBeGreaterThan(0.9);
    // k above the graph's default candidate list still returns k rows, and filters apply.
    expect(await store.vectorSearch(unit(), 200)).toHaveLength(200);
    const odd = await store.vectorSearch(unit(), 20, "folder = '/odd'");
    expect(odd).toHaveLength(20);
    expect(odd.every((h) => h.folder === '/odd')).toBe(true);
    store.close();
  });
});

describe('LanceStore removal', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'clinote-purge-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function filesContaining(root: string, needle: string): Promise<string[]> {
    const hits: string[] = [];
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      if ((await readFile(file)).includes(needle)) hits.push(file);
    }
    return hits;
  }

  it('leaves no trace of a removed document on disk, in old table versions either', async () => {
    const store = await LanceStore.open(dir, 'm', DIMS);
    const secret = 'Zanthoxylum-patient-4471';
    await store.writeDocument(
      doc('a', 'v1'),
      [{ docId: 'a', version: 'v1', page: 1, text: `note about ${secret}`, ocr: false }],
      [chunk('a', 'v1', `note about ${secret}`, 0)],
    );
    await store.writeDocument(
      doc('b', 'v1'),
      [{ docId: 'b', version: 'v1', page: 1, text: 'another note', ocr: false }],
      [chunk('b', 'v1', 'another note', 1)],
    );
    await store.writeDocument(
      doc("c'o", 'v1'),
      [{ docId: "c'o", version: 'v1', page: 1, text: 'a third note', ocr: false }],
      [chunk("c'o", 'v1', 'a third note', 2)],
    );
    await store.optimize(); // the full-text index now holds the word too
    expect((await store.keywordSearch('zanthoxylum', 5)).map((h) => h.docId)).toEqual(['a']);
    expect((await filesContaining(dir, secret)).length).toBeGreaterThan(0);
    await store.removeDocuments(['a', "c'o"]); // one call, several documents (and a quote in an id)
    expect(await filesContaining(dir, secret)).toEqual([]);
    expect(await store.keywordSearch('zanthoxylum', 5)).toEqual([]);
    expect((await store.listDocuments()).map((d) => d.id)).toEqual(['b']);
    expect(await store.chunks.countRows()).toBe(1);
    store.close();
    const reopened = await LanceStore.open(dir, 'm', DIMS);
    expect(
      (
        await reopened.vectorSearch(
          Float32Array.from({ length: DIMS }, (_, i) => (i === 1 ? 1 : 0)),
          5,
        )
      ).map((h) => h.docId),
    ).toEqual(['b']);
    reopened.close();
  });
});
