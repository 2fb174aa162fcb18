import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { createEngine } from '../../electron/core/engine';
import type { Engine } from '../../electron/core/engine';
import { logFilePath } from '../../electron/core/util/engineLog';
import { describeWithModel, FIXTURES, longNote, testModelDir } from './support';

describeWithModel('one file can never stall the engine (reading in worker threads, a time budget per file)', () => {
  let dir: string;
  let modelsDir: string;
  let big: string;
  const engines: Engine[] = [];

  const engineAt = async (name: string, readBudgetMs?: number) => {
    const engine = await createEngine({ dataDir: join(dir, name), modelsDir, threads: 2, readBudgetMs });
    engines.push(engine);
    return engine;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-limits-'));
    modelsDir = join(dir, 'models');
    await importModel(testModelDir()!, modelsDir, { id: 'all-minilm-l6-v2' });
    await mkdir(join(dir, 'inbox'));
    big = join(dir, 'inbox', 'long_dictation.txt');
    await writeFile(big, await longNote(8));
    for (const n of ['mts_0030.txt', 'mts_0329.txt']) await copyFile(join(FIXTURES, 'notes', n), join(dir, 'inbox', n));
  });

  afterAll(async () => {
    for (const engine of engines) await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers searches and cancels at once while a long note is being read and chunked', async () => {
    const engine = await engineAt('responsive');
    await engine.waitForJob((await engine.importFiles([join(FIXTURES, 'notes')])).jobId);
    const { jobId } = await engine.importFiles([big]);
    // Give the job time to start reading the long note (hashing 8 MB takes a few tens of milliseconds).
    await new Promise((r) => setTimeout(r, 1000));
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const searches: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await engine.search({ query: 'cardiac catheterization', mode: 'keyword', k: 3 });
      searches.push(performance.now() - t0);
      expect(res.hits.length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 200));
    }
    lag.disable();
    const t0 = performance.now();
    await engine.cancelJob(jobId);
    const summary = await engine.waitForJob(jobId);
    const cancelMs = performance.now() - t0;
    expect(summary.cancelled).toBe(true);
    // Chunking 8 MB on the engine's thread blocked it for about 6 s here; in the worker, the thread stays free.
    expect(Math.max(...searches)).toBeLessThan(1500);
    expect(lag.max / 1e6).toBeLessThan(1000);
    expect(cancelMs).toBeLessThan(3000);
    expect((await engine.listDocuments()).some((d) => d.path === big)).toBe(false);
  });

  it('fails a file over its time budget with a message naming it, imports the rest, and logs no note text', async () => {
    const engine = await engineAt('budget', 300);
    const summary = await engine.waitForJob((await engine.importFiles([join(dir, 'inbox')])).jobId);
    expect(summary.added).toBe(2);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]).toMatchObject({ path: big, kind: 'FileUnreadable' });
    expect(summary.failed[0]!.message).toMatch(/long_dictation\.txt: reading it took longer than its 0\.3 s limit/);
    const errors = (await engine.listDocuments()).filter((d) => d.status === 'error');
    expect(errors.map((d) => d.path)).toEqual([big]);
    const log = await readFile(logFilePath(join(dir, 'budget')), 'utf8');
    expect(log).toMatch(/file-over-time path="[^"]*long_dictation\.txt"/);
    expect(log).toMatch(/file-failed path="[^"]*long_dictation\.txt" kind="FileUnreadable"/);
    // Paths and kinds only: no word of the notes, not even the error messages (they may quote a file).
    for (const word of ['catheterization', 'ventricular', 'patient', 'took longer']) expect(log).not.toContain(word);
  });

  it('reads a scanned PDF with OCR through the worker', async () => {
    const engine = await engineAt('ocr');
    const pdf = join(FIXTURES, 'ingest/scanned_image_only_c02-22_NONMEDICAL.pdf');
    const summary = await engine.waitForJob((await engine.importFiles([pdf])).jobId);
    expect(summary).toMatchObject({ added: 1, failed: [] });
    const [doc] = await engine.listDocuments();
    expect(doc).toMatchObject({ pages: 1, ocrPages: 1 });
    expect((await engine.getDocumentText(doc!.id))[0]!.text).toMatch(/Miss Watson/);
  });
});
