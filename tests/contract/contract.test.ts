import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { createEngine } from '../../electron/core/engine';
import type { Engine } from '../../electron/core/engine';
import { EngineError } from '../../electron/shared/result';
import type { EngineClient } from '../../electron/shared/transport/rpc';
import type { ImportSummary, JobProgress } from '../../electron/shared/types';
import { MISSING_MODEL_MESSAGE, testModelSource } from '../e2e/support/model';
import { TRANSPORTS } from './transports';
import type { Connected } from './transports';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const NOTE = join(FIXTURES, 'pleural-biopsy-mts0551.txt');
const PDF = join(FIXTURES, 'fda_ibuprofen_label_2024.pdf');
const NOTES = resolve(import.meta.dirname, '../fixtures/notes');
const modelSource = testModelSource();
if (!modelSource) console.warn(`[skip] contract suite: ${MISSING_MODEL_MESSAGE}`);

/** Imports over the client and resolves with the job's summary. */
function importAndWait(client: EngineClient, paths: string[]): Promise<ImportSummary> {
  return runJob(client, () => client.importFiles(paths));
}

/** A folder of `count` notes: the fixture notes copied under distinct names. */
async function manyNotes(folder: string, count: number): Promise<string> {
  const notes = (await readdir(NOTES)).filter((f) => f.endsWith('.txt'));
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < count; i++) await copyFile(join(NOTES, notes[i % notes.length]!), join(folder, `n${i}.txt`));
  return folder;
}

/** Starts a job and resolves with its summary; listens first, since a small job can finish before the reply. */
async function runJob(client: EngineClient, start: () => Promise<{ jobId: string }>): Promise<ImportSummary> {
  const done = new Map<string, ImportSummary>();
  let wanted: string | undefined;
  let resolve: (s: ImportSummary) => void = () => undefined;
  const finished = new Promise<ImportSummary>((ok) => (resolve = ok));
  const off = client.on('jobs/done', (summary) => {
    done.set(summary.jobId, summary);
    if (summary.jobId === wanted) resolve(summary);
  });
  try {
    wanted = (await start()).jobId;
    return await (done.get(wanted) ?? finished);
  } finally {
    off();
  }
}

async function jobOf(client: EngineClient, jobId: string): Promise<JobProgress> {
  const job = (await client.listJobs()).find((j) => j.jobId === jobId);
  if (!job) throw new Error(`listJobs does not list ${jobId}`);
  return job;
}

/** The paused job once the files it had in flight have finished. */
async function pausedAndIdle(client: EngineClient, jobId: string): Promise<JobProgress> {
  for (;;) {
    const job = await jobOf(client, jobId);
    if (job.state === 'paused' && job.filesActive === 0) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  const err = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

describe.skipIf(!modelSource)('the contract, over every transport, against the real engine', () => {
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-contract-'));
    await importModel(modelSource!, join(dir, 'models'));
    engine = await createEngine({ dataDir: join(dir, 'data'), modelsDir: join(dir, 'models'), threads: 2 });
  });

  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe.each(TRANSPORTS)('$name', (transport) => {
    let link: Connected;
    let client: EngineClient;

    beforeAll(async () => {
      link = await transport.connect(engine, join(dir, 'inbox'));
      client = link.client;
    });

    afterAll(async () => {
      await link?.close();
    });

    it('reports status and the installed model', async () => {
      const status = await client.getStatus();
      expect(status.dataDir).toBe(join(dir, 'data'));
      const models = await client.listModels();
      expect(models.filter((m) => m.active).map((m) => m.id)).toEqual(['all-minilm-l6-v2']);
    });

    it('imports files with progress events and a summary', async () => {
      const progress: string[] = [];
      const off = client.on('jobs/progress', (p) => progress.push(p.state));
      const summary = await importAndWait(client, [NOTE, PDF]);
      off();
      expect(summary.failed).toEqual([]);
      expect(summary.added + summary.updated + summary.unchanged).toBe(2);
      expect(progress.length).toBeGreaterThan(0);
      const docs = await client.listDocuments();
      expect(docs.map((d) => d.path)).toEqual(expect.arrayContaining([NOTE, PDF]));
      expect(docs.every((d) => d.status === 'ready' && d.chunks > 0)).toBe(true);
    });

    it('returns hits whose offsets point into their page text', async () => {
      const { hits } = await client.search({ query: 'shortness of breath', k: 5 });
      const hit = hits.find((h) => h.path === NOTE)!;
      expect(hit).toBeDefined();
      const pages = await client.getDocumentText(hit.docId);
      const page = pages.find((p) => p.page === hit.page)!;
      expect(page.text.slice(hit.pageSpan.start, hit.pageSpan.end)).toBe(hit.text);
      expect(hit.passage.start).toBeGreaterThanOrEqual(0);
      expect(hit.passage.end).toBeLessThanOrEqual(hit.text.length);
      const words = hit.matches.map((m) => hit.text.slice(m.start, m.end).toLowerCase());
      expect(words).toEqual(expect.arrayContaining(['shortness', 'breath']));
    });

    it('carries a PDF’s bytes unchanged', async () => {
      const doc = (await client.listDocuments()).find((d) => d.path === PDF)!;
      const bytes = await client.getDocumentBytes(doc.id);
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(bytes).equals(await readFile(PDF))).toBe(true);
    });

    it('rejects with the error kind as data', async () => {
      expect((await rejection(client.search({ query: '   ' }))).kind).toBe('BadInput');
      expect((await rejection(client.getDocumentText('no-such-document'))).kind).toBe('BadInput');
      expect((await rejection(client.updateSettings({ threads: 0 }))).kind).toBe('BadInput');
      expect((await rejection(client.switchModel('no-such-model'))).kind).toBe('ModelMissing');
    });

    it('has no team library until one is attached, and refuses an address that is not s3://', async () => {
      expect(await client.getTeamLibraryStatus()).toBeNull();
      const err = await rejection(client.attachTeamLibrary({ uri: 'https://clinic.example/library' }));
      expect(err.kind).toBe('BadInput');
      expect(err.message).toMatch(/uri: expected s3:\/\/<bucket>\/<prefix>/);
      const { hits } = await client.search({ query: 'shortness of breath', k: 5 });
      expect(hits.every((h) => h.source === 'local')).toBe(true);
    });

    it('removes a document, says so with an event, and imports it again', async () => {
      const doc = (await client.listDocuments()).find((d) => d.path === NOTE)!;
      const changed = new Promise<string[]>((ok) => {
        const off = client.on('documents/changed', ({ ids }) => (off(), ok(ids)));
      });
      expect(await client.removeDocuments([doc.id])).toEqual({ removed: 1 });
      expect(await changed).toEqual([doc.id]);
      expect((await client.listDocuments()).some((d) => d.id === doc.id)).toBe(false);
      expect((await importAndWait(client, [NOTE])).added).toBe(1);
    });
  });
});

describe.skipIf(!modelSource)('jobs over every transport: pause, resume, cancel, list, re-index', () => {
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-jobs-'));
    await importModel(modelSource!, join(dir, 'models'));
    engine = await createEngine({ dataDir: join(dir, 'data'), modelsDir: join(dir, 'models'), threads: 2 });
  });

  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe.each(TRANSPORTS)('$name', (transport) => {
    let link: Connected;
    let client: EngineClient;
    const name = transport.name.replace(/\W+/g, '-');

    beforeAll(async () => {
      link = await transport.connect(engine, join(dir, 'inbox'));
      client = link.client;
    });

    afterAll(async () => link?.close());

    it('pauses a job between documents, lists it, and resumes it to the end', async () => {
      const folder = await manyNotes(join(dir, `paused-${name}`), 40);
      let jobId = '';
      const summary = runJob(client, async () => {
        const started = await client.importFiles([folder]);
        jobId = started.jobId;
        await client.setJobPaused(jobId, true);
        try {
          const paused = await pausedAndIdle(client, jobId);
          expect(paused.filesTotal).toBe(40);
          expect(paused.filesDone).toBeLessThan(40);
          // Nothing moves while the job stays paused.
          await new Promise((r) => setTimeout(r, 1500));
          expect(await jobOf(client, jobId)).toMatchObject({ state: 'paused', filesDone: paused.filesDone });
        } finally {
          await client.setJobPaused(jobId, false);
        }
        return started;
      });
      expect(await summary).toMatchObject({ added: 40, cancelled: false, failed: [] });
      expect((await jobOf(client, jobId)).state).toBe('done');
    });

    it('cancels a job: what was imported stays, the rest is not started', async () => {
      const folder = await manyNotes(join(dir, `cancelled-${name}`), 40);
      let jobId = '';
      const summary = await runJob(client, async () => {
        const started = await client.importFiles([folder]);
        jobId = started.jobId;
        await client.setJobPaused(jobId, true);
        try {
          await pausedAndIdle(client, jobId);
        } finally {
          await client.cancelJob(jobId);
        }
        return started;
      });
      expect(summary.cancelled).toBe(true);
      expect(summary.added).toBeLessThan(40);
      expect((await jobOf(client, jobId)).state).toBe('cancelled');
      const inFolder = (await client.listDocuments()).filter((d) => d.folder === folder);
      expect(inFolder).toHaveLength(summary.added);
      expect(inFolder.every((d) => d.status === 'ready')).toBe(true);
      expect((await rejection(client.cancelJob('no-such-job'))).kind).toBe('BadInput');
    });

    it('re-indexes documents: unchanged files are skipped, changed ones re-embedded', async () => {
      const copy = join(dir, `reindex-${name}.txt`);
      await writeFile(copy, await readFile(NOTE, 'utf8'));
      await runJob(client, () => client.importFiles([copy]));
      const doc = (await client.listDocuments()).find((d) => d.path === copy)!;
      expect(await runJob(client, () => client.reindexDocuments([doc.id]))).toMatchObject({ unchanged: 1, updated: 0 });
      await writeFile(copy, `${await readFile(NOTE, 'utf8')}\nAddendum: pleural fluid cytology negative.`);
      expect(await runJob(client, () => client.reindexDocuments([doc.id]))).toMatchObject({ unchanged: 0, updated: 1 });
      const { hits } = await client.search({ query: 'addendum pleural fluid cytology negative', k: 5 });
      expect(hits.find((h) => h.docId === doc.id)?.text).toContain('Addendum');
      expect((await rejection(client.reindexDocuments(['no-such-document']))).kind).toBe('BadInput');
    });
  });
});
