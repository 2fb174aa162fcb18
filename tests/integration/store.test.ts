import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../electron/core/db/database';
import { LanceChunkIndex } from '../../electron/core/index/lanceChunkIndex';
import type { ChunkRow } from '../../electron/core/index/schema';
import { Library } from '../../electron/core/library/library';
import type { DocumentRow, PageRow } from '../../electron/core/library/schema';
import { pagesSchema } from '../../electron/core/library/schema';

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
    context: '[]',
    type: 'note',
    folder: '/n',
    date: '2024-03-01',
    patient: null,
    vector,
  };
}

/** The library and one model's chunk index on a real LanceDB folder, opened as the engine opens them. */
async function openStore(dir: string, dims = DIMS) {
  const db = await Database.open(dir);
  const library = await Library.open(db);
  const index = await LanceChunkIndex.open(db, 'm', dims);
  await index.sweep(library.liveVersions());
  const write = (d: DocumentRow, pages: PageRow[], chunks: ChunkRow[]) => library.write(d, pages, chunks, index);
  const pages = () => db.table('pages', pagesSchema);
  const close = () => {
    index.close();
    library.close();
    db.close();
  };
  return { db, library, index, write, pages, close };
}

// A real LanceDB in a temp dir; vectors are hand-made so this needs no model.
describe('library and chunk index on disk', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'clinote-store-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('sweeps rows a crash left without a document row, and keeps committed documents', async () => {
    const store = await openStore(dir);
    await store.write(
      doc('a', 'v1'),
      [{ docId: 'a', version: 'v1', page: 1, text: 'alpha', ocr: false }],
      [chunk('a', 'v1', 'alpha', 0)],
    );
    // The crash: content rows of 'b' written, its document row never.
    await (await store.pages()).add([{ docId: 'b', version: 'v1', page: 1, text: 'beta', ocr: false }]);
    await store.index.add([chunk('b', 'v1', 'beta', 1)]);
    store.close();
    const reopened = await openStore(dir);
    expect(await reopened.index.count()).toBe(1);
    expect(await (await reopened.pages()).countRows()).toBe(1);
    expect(reopened.library.list().map((d) => d.id)).toEqual(['a']);
    reopened.close();
  });

  it('replaces a document version atomically from the reader side: old rows go only after the new ones are in', async () => {
    const store = await openStore(dir);
    await store.write(doc('a', 'v1'), [], [chunk('a', 'v1', 'old text', 0)]);
    await store.write(doc('a', 'v2'), [], [chunk('a', 'v2', 'new text', 2)]);
    const rows = await store.index.table.query().select(['version', 'text']).toArray();
    expect(rows.map((r) => r.text)).toEqual(['new text']);
    expect(store.library.get('a')?.contentHash).toBe('v2');
    store.close();
  });

  it('searches by vector and keyword with SQL filters', async () => {
    const store = await openStore(dir);
    await store.write(doc('a', 'v1'), [], [chunk('a', 'v1', 'chest pain radiating to the left arm', 0)]);
    await store.write(doc('b', 'v1'), [], [chunk('b', 'v1', 'knee swelling after a fall', 1)]);
    const q = new Float32Array(DIMS);
    q[1] = 1;
    expect((await store.index.vectorSearch(q, { k: 2 }))[0]?.docId).toBe('b');
    expect((await store.index.keywordSearch('chest pain', 5)).map((h) => h.docId)).toEqual(['a']);
    expect(await store.index.vectorSearch(q, { k: 2, where: "docId = 'a'" })).toHaveLength(1);
    store.close();
  });

  it('groups concurrent writes into shared commits, and one bad document fails alone with nothing left behind', async () => {
    const store = await openStore(dir);
    // A row LanceDB refuses (text is declared non-null), standing in for any write that fails.
    const bad = { ...chunk('bad', 'v1', 'x', 0), text: null as unknown as string };
    const writes = ['a', 'b', 'bad', 'c', 'd'].map((id, i) =>
      store.write(
        doc(id, 'v1'),
        [{ docId: id, version: 'v1', page: 1, text: id, ocr: false }],
        [id === 'bad' ? bad : chunk(id, 'v1', `note ${id}`, i % DIMS)],
      ),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(
      store.library
        .list()
        .map((d) => d.id)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    const chunkDocs = (await store.index.table.query().select(['docId']).toArray()).map((r) => r.docId as string);
    expect(chunkDocs.sort()).toEqual(['a', 'b', 'c', 'd']);
    const pages = await store.pages();
    const pageDocs = (await pages.query().select(['docId']).toArray()).map((r) => r.docId as string);
    expect(pageDocs.sort()).toEqual(['a', 'b', 'c', 'd']);
    // Three documents written together are one commit to the chunks table, not three.
    const before = await store.index.table.version();
    await Promise.all(['x', 'y', 'z'].map((id, i) => store.write(doc(id, 'v1'), [], [chunk(id, 'v1', id, i)])));
    expect((await store.index.table.version()) - before).toBe(1);
    // The cached document list is what a fresh open reads from disk.
    store.close();
    const reopened = await openStore(dir);
    expect(
      reopened.library
        .list()
        .map((d) => d.id)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd', 'x', 'y', 'z']);
    reopened.close();
  });
});

describe('the chunk index ANN index', () => {
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
    const store = await openStore(dir, dims);
    const rows: ChunkRow[] = Array.from({ length: 3000 }, (_, i) => ({
      ...chunk(`d${i % 30}`, 'v1', `row ${i}`, 0),
      id: `r${i}`,
      ord: i,
      folder: i % 2 ? '/odd' : '/even',
      vector: unit(),
    }));
    await store.index.add(rows);
    // 3,000 rows stay an exact scan through optimize; the benchmark path builds the graph at any size.
    await store.index.optimize();
    const indexOn = async () => (await store.index.table.listIndices()).find((i) => i.columns.includes('vector'));
    expect(await indexOn()).toBeUndefined();
    await store.index.buildVectorIndex();
    expect((await indexOn())?.indexType).toMatch(/hnsw/i);

    let overlap = 0;
    const queries = 20;
    for (let q = 0; q < queries; q++) {
      const v = unit();
      const exact = new Set((await store.index.vectorSearch(v, { k: 10, exact: true })).map((h) => h.id));
      const ann = await store.index.vectorSearch(v, { k: 10 });
      expect(ann).toHaveLength(10);
      overlap += ann.filter((h) => exact.has(h.id)).length / 10;
    }
    expect(overlap / queries).toBeGreaterThan(0.9);
    // k above the graph's default candidate list still returns k rows, and filters apply.
    expect(await store.index.vectorSearch(unit(), { k: 200 })).toHaveLength(200);
    const odd = await store.index.vectorSearch(unit(), { k: 20, where: "folder = '/odd'" });
    expect(odd).toHaveLength(20);
    expect(odd.every((h) => h.folder === '/odd')).toBe(true);
    store.close();
  });
});

describe('removal', () => {
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
    const store = await openStore(dir);
    const secret = 'Zanthoxylum-patient-4471';
    await store.write(
      doc('a', 'v1'),
      [{ docId: 'a', version: 'v1', page: 1, text: `note about ${secret}`, ocr: false }],
      [chunk('a', 'v1', `note about ${secret}`, 0)],
    );
    await store.write(
      doc('b', 'v1'),
      [{ docId: 'b', version: 'v1', page: 1, text: 'another note', ocr: false }],
      [chunk('b', 'v1', 'another note', 1)],
    );
    await store.write(
      doc("c'o", 'v1'),
      [{ docId: "c'o", version: 'v1', page: 1, text: 'a third note', ocr: false }],
      [chunk("c'o", 'v1', 'a third note', 2)],
    );
    await store.index.optimize(); // the full-text index now holds the word too
    expect((await store.index.keywordSearch('zanthoxylum', 5)).map((h) => h.docId)).toEqual(['a']);
    expect((await filesContaining(dir, secret)).length).toBeGreaterThan(0);
    await store.library.remove(['a', "c'o"], [store.index]); // one call, several documents (and a quote in an id)
    expect(await filesContaining(dir, secret)).toEqual([]);
    expect(await store.index.keywordSearch('zanthoxylum', 5)).toEqual([]);
    expect(store.library.list().map((d) => d.id)).toEqual(['b']);
    expect(await store.index.count()).toBe(1);
    store.close();
    const reopened = await openStore(dir);
    const axis1 = Float32Array.from({ length: DIMS }, (_, i) => (i === 1 ? 1 : 0));
    expect((await reopened.index.vectorSearch(axis1, { k: 5 })).map((h) => h.docId)).toEqual(['b']);
    reopened.close();
  });
});
