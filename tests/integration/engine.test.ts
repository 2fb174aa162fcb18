import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportSummary } from '../../electron/shared/types';
import { describeWithModel, FIXTURES, makeEngine } from './support';
import type { TestEnv } from './support';

describeWithModel('engine: import, search, remove with the real model and LanceDB', () => {
  let env: TestEnv;
  let inbox: string;
  let summary: ImportSummary;

  beforeAll(async () => {
    env = await makeEngine();
    inbox = join(env.dir, 'inbox');
    await mkdir(join(inbox, 'notes'), { recursive: true });
    await mkdir(join(inbox, 'pdfs'), { recursive: true });
    for (const n of ['mts_0753.txt', 'mts_3049.txt', 'mts_2461.txt'])
      await copyFile(join(FIXTURES, 'notes', n), join(inbox, 'notes', n));
    await copyFile(join(FIXTURES, 'pdfs/fda_ibuprofen_label_2024.pdf'), join(inbox, 'pdfs/ibuprofen.pdf'));
    await copyFile(
      join(FIXTURES, 'pdfs/fda_guidance_CMC_Stability_Testing_Drug_Products.pdf'),
      join(inbox, 'pdfs/stability.pdf'),
    );
    // Bad input, one of each kind: the rest of the batch must still import.
    await writeFile(join(inbox, 'empty.txt'), '');
    await writeFile(join(inbox, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x74, 0x65]));
    await writeFile(join(inbox, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    await writeFile(join(inbox, 'broken.pdf'), '%PDF-1.4\n%%EOF\n');
    await writeFile(join(inbox, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const { jobId } = await env.engine.importFiles([
      join(inbox, 'notes'),
      join(inbox, 'pdfs'),
      ...['empty.txt', 'latin1.txt', 'binary.txt', 'broken.pdf', 'image.png'].map((f) => join(inbox, f)),
    ]);
    summary = await env.engine.waitForJob(jobId);
  });

  afterAll(async () => env?.cleanup());

  it('imports the good files and reports each bad one by name and reason', async () => {
    expect(summary.added).toBe(5);
    const byName = Object.fromEntries(summary.failed.map((f) => [f.path.split('/').pop(), f]));
    expect(Object.keys(byName).sort()).toEqual(['binary.txt', 'broken.pdf', 'empty.txt', 'image.png', 'latin1.txt']);
    expect(byName['empty.txt']!.message).toMatch(/empty\.txt: the file is empty/);
    expect(byName['latin1.txt']!.message).toMatch(/not valid UTF-8/);
    expect(byName['binary.txt']!.kind).toBe('UnsupportedFile');
    expect(byName['broken.pdf']!.message).toMatch(/not a valid PDF/);
    expect(byName['image.png']!.message).toMatch(/"\.png" files are not supported/);
    const docs = await env.engine.listDocuments();
    expect(docs.filter((d) => d.status === 'ready')).toHaveLength(5);
    expect(docs.filter((d) => d.status === 'error').every((d) => d.chunks === 0 && d.error)).toBe(true);
  });

  it('finds a note by meaning: "shortness of breath on exertion" finds "dyspnea on exertion"', async () => {
    const res = await env.engine.search({ query: 'shortness of breath when walking', mode: 'vector', k: 3 });
    const titles = res.hits.map((h) => h.title);
    expect(titles.slice(0, 2)).toEqual(expect.arrayContaining(['mts_3049']));
    const hit = res.hits.find((h) => h.title === 'mts_3049')!;
    expect(hit.text.toLowerCase()).toContain('dyspnea');
    expect(hit.scores.vector).toBeGreaterThan(0.3);
  });

  it('returns the PDF page and highlight offsets of the best passage', async () => {
    const res = await env.engine.search({ query: 'stomach bleeding warning NSAID', k: 5 });
    const hit = res.hits[0]!;
    expect(hit.title).toMatch(/Ibuprofen/i);
    expect(hit.type).toBe('pdf');
    expect(hit.page).toBeGreaterThanOrEqual(1);
    const passage = hit.text.slice(hit.passage.start, hit.passage.end);
    expect(passage.toLowerCase()).toContain('stomach bleeding');
    const words = hit.matches.map((m) => hit.text.slice(m.start, m.end).toLowerCase());
    expect(words).toEqual(expect.arrayContaining(['stomach', 'bleeding']));
    const pages = await env.engine.getDocumentText(hit.docId);
    const pageText = pages.find((p) => p.page === hit.page)!.text;
    expect(pageText.slice(hit.pageSpan.start, hit.pageSpan.end)).toBe(hit.text);
  });

  it('keyword mode finds exact terms; filters narrow by type and folder', async () => {
    const kw = await env.engine.search({ query: 'ventriculogram', mode: 'keyword', k: 5 });
    expect(kw.hits[0]?.title).toBe('mts_0753');
    const pdfOnly = await env.engine.search({ query: 'drug', k: 10, filters: { types: ['pdf'] } });
    expect(pdfOnly.hits.length).toBeGreaterThan(0);
    expect(pdfOnly.hits.every((h) => h.type === 'pdf')).toBe(true);
    const notesFolder = await env.engine.search({
      query: 'patient history',
      k: 10,
      filters: { folder: join(inbox, 'notes') },
    });
    expect(notesFolder.hits.every((h) => h.path.startsWith(join(inbox, 'notes')))).toBe(true);
    const none = await env.engine.search({ query: 'patient', k: 10, filters: { dateFrom: '2999-01-01' } });
    expect(none.hits).toEqual([]);
  });

  it('re-importing unchanged files is a no-op; a changed file is re-indexed', async () => {
    const before = (await env.engine.getStatus()).chunks;
    const again = await env.engine.waitForJob((await env.engine.importFiles([join(inbox, 'notes')])).jobId);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
    expect((await env.engine.getStatus()).chunks).toBe(before);
    await writeFile(
      join(inbox, 'notes/mts_3049.txt'),
      'ASSESSMENT: Gout flare of the left great toe. Start colchicine.',
    );
    const changed = await env.engine.waitForJob(
      (await env.engine.importFiles([join(inbox, 'notes/mts_3049.txt')])).jobId,
    );
    expect(changed.updated).toBe(1);
    const res = await env.engine.search({ query: 'gout in the big toe', k: 1 });
    expect(res.hits[0]?.title).toBe('mts_3049');
    expect(res.hits[0]?.section).toBe('ASSESSMENT');
  });

  it('removes documents with their chunks', async () => {
    const docs = await env.engine.listDocuments();
    const target = docs.find((d) => d.title === 'mts_0753')!;
    expect(await env.engine.removeDocuments([target.id, 'unknown-id'])).toEqual({ removed: 1 });
    const kw = await env.engine.search({ query: 'ventriculogram', mode: 'keyword', k: 5 });
    expect(kw.hits.map((h) => h.title)).not.toContain('mts_0753');
    await expect(env.engine.getDocumentText(target.id)).rejects.toMatchObject({ kind: 'BadInput' });
  });
});
