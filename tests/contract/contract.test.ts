import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { createEngine } from '../../electron/core/engine';
import type { Engine } from '../../electron/core/engine';
import { EngineError } from '../../electron/shared/result';
import type { EngineClient } from '../../electron/shared/transport/rpc';
import type { ImportSummary } from '../../electron/shared/types';
import { MISSING_MODEL_MESSAGE, testModelSource } from '../e2e/support/model';
import { TRANSPORTS } from './transports';
import type { Connected } from './transports';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const NOTE = join(FIXTURES, 'pleural-biopsy-mts0551.txt');
const PDF = join(FIXTURES, 'fda_ibuprofen_label_2024.pdf');
const modelSource = testModelSource();
if (!modelSource) console.warn(`[skip] contract suite: ${MISSING_MODEL_MESSAGE}`);

/** Imports over the client and resolves with the job's summary; listens first, since a small job can finish fast. */
async function importAndWait(client: EngineClient, paths: string[]): Promise<ImportSummary> {
  const done = new Map<string, ImportSummary>();
  const waiters = new Map<string, (s: ImportSummary) => void>();
  const off = client.on('jobs/done', (summary) => {
    done.set(summary.jobId, summary);
    waiters.get(summary.jobId)?.(summary);
  });
  try {
    const { jobId } = await client.importFiles(paths);
    return await (done.get(jobId) ?? new Promise<ImportSummary>((ok) => waiters.set(jobId, ok)));
  } finally {
    off();
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
