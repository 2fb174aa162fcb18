import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel, verifyAuditLog } from '../../electron/core';
import { describeWithModel, FIXTURES, makeEngine, testModelDir } from './support';
import type { TestEnv } from './support';

/** Milliseconds at the given percentile (nearest rank). */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function report(label: string, times: number[]): void {
  const s = [...times].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(0);
  console.log(
    `[concurrency] ${label}: n=${s.length} p50=${f(percentile(s, 50))} ms p95=${f(percentile(s, 95))} ms ` +
      `p99=${f(percentile(s, 99))} ms max=${f(s.at(-1)!)} ms`,
  );
}

const QUERIES = ['chest pain', 'knee replacement', 'cardiac catheterization', 'pleural biopsy', 'diabetes follow up'];

describeWithModel(
  'concurrency: reads and searches while imports, re-imports, removals and a model switch run',
  () => {
    let env: TestEnv;
    let notes: string[];
    let folder: string;
    const searchTimes: number[] = [];
    const readTimes: number[] = [];

    /** Writes `count` distinct notes (the fixture notes with a numbered addendum) into `dir`. */
    async function writeNotes(dir: string, from: number, count: number): Promise<string[]> {
      await mkdir(dir, { recursive: true });
      const paths: string[] = [];
      for (let i = from; i < from + count; i++) {
        const path = join(dir, `note-${String(i).padStart(3, '0')}.txt`);
        await writeFile(path, `${notes[i % notes.length]}\nAddendum ${i}: reviewed in clinic ${i}.\n`);
        paths.push(path);
      }
      return paths;
    }

    /** 50 searches and document reads at once; every one must succeed. */
    async function burst(): Promise<void> {
      const docs = (await env.engine.listDocuments()).filter((d) => d.status === 'ready');
      const ops = Array.from({ length: 50 }, async (_, i) => {
        const started = performance.now();
        if (i % 2 === 0) {
          const res = await env.engine.search({ query: QUERIES[i % QUERIES.length]!, k: 5 });
          expect(res.hits.length).toBeGreaterThan(0);
          searchTimes.push(performance.now() - started);
        } else {
          const doc = docs[i % docs.length]!;
          const pages = await env.engine.getDocumentText(doc.id).catch((e: { kind?: string }) => e);
          // A document removed by a concurrent step may be gone: that is the one refusal allowed.
          if (!Array.isArray(pages)) expect(pages.kind).toBe('BadInput');
          else expect(pages.length).toBeGreaterThan(0);
          readTimes.push(performance.now() - started);
        }
      });
      await Promise.all(ops);
    }

    /** Bursts until the job ends; returns its summary. */
    async function underLoad(jobId: string) {
      let done = false;
      const summary = env.engine.waitForJob(jobId).finally(() => (done = true));
      let bursts = 0;
      while (!done) {
        await burst();
        bursts++;
      }
      expect(bursts).toBeGreaterThan(0);
      return summary;
    }

    /** No lost or duplicated row: one document per file, and the index holds exactly the documents' chunks. */
    async function consistent(expectedDocs: number): Promise<void> {
      const docs = await env.engine.listDocuments();
      expect(docs.filter((d) => d.status !== 'ready')).toEqual([]);
      expect(new Set(docs.map((d) => d.path)).size).toBe(docs.length);
      expect(docs.length).toBe(expectedDocs);
      const status = await env.engine.getStatus();
      expect(status.chunks).toBe(docs.reduce((n, d) => n + d.chunks, 0));
    }

    beforeAll(async () => {
      env = await makeEngine();
      await importModel(testModelDir('all-minilm-l6-v2-int8')!, env.modelsDir, { id: 'minilm-int8' });
      const dir = join(FIXTURES, 'notes');
      notes = await Promise.all((await readdir(dir)).sort().map((f) => readFile(join(dir, f), 'utf8')));
      folder = join(env.dir, 'notes');
      await writeNotes(folder, 0, 20);
      await env.engine.waitForJob((await env.engine.importFiles([folder])).jobId);
    });

    afterAll(async () => {
      report('searches', searchTimes);
      report('document reads', readTimes);
      await env?.cleanup();
    });

    it('a long import: 50 concurrent searches and reads at a time, all answered, no row lost or doubled', async () => {
      await writeNotes(folder, 20, 60);
      const summary = await underLoad((await env.engine.importFiles([folder])).jobId);
      expect(summary).toMatchObject({ added: 60, unchanged: 20, failed: [] });
      await consistent(80);
    });

    it('a re-import of changed files under the same load', async () => {
      const changed = (await readdir(folder)).sort().slice(0, 30);
      for (const f of changed) await appendFile(join(folder, f), 'Seen again: blood pressure recheck normal.\n');
      const summary = await underLoad((await env.engine.importFiles([folder])).jobId);
      expect(summary).toMatchObject({ updated: 30, unchanged: 50, added: 0, failed: [] });
      await consistent(80);
      const hits = (await env.engine.search({ query: 'blood pressure recheck normal', k: 30, mode: 'keyword' })).hits;
      expect(new Set(hits.map((h) => h.docId)).size).toBe(30);
    });

    it('removals while an import runs: the removed stay removed, the rest lands', async () => {
      const more = await writeNotes(join(env.dir, 'more'), 100, 20);
      const { jobId } = await env.engine.importFiles(more);
      const victims = (await env.engine.listDocuments()).filter((d) => d.path.startsWith(folder)).slice(0, 10);
      const [removed] = await Promise.all([env.engine.removeDocuments(victims.map((d) => d.id)), burst()]);
      expect(removed.removed).toBe(10);
      const summary = await underLoad(jobId);
      expect(summary).toMatchObject({ added: 20, failed: [] });
      await consistent(90);
      const ids = new Set((await env.engine.listDocuments()).map((d) => d.id));
      for (const v of victims) expect(ids.has(v.id)).toBe(false);
      const hits = (await env.engine.search({ query: notes[0]!.slice(0, 200), k: 50 })).hits;
      for (const h of hits) expect(victims.map((v) => v.id)).not.toContain(h.docId);
    });

    it('an import during a model switch: every document ends up in the new model’s index', async () => {
      const { jobId: switchJob } = await env.engine.switchModel('minilm-int8');
      const late = await writeNotes(join(env.dir, 'late'), 200, 10);
      const { jobId: importJob } = await env.engine.importFiles(late);
      const [switched, imported] = await Promise.all([underLoad(switchJob), env.engine.waitForJob(importJob)]);
      expect(switched.failed).toEqual([]);
      expect(imported).toMatchObject({ added: 10, failed: [] });
      await env.engine.whenIdle();
      expect((await env.engine.getStatus()).modelId).toBe('minilm-int8');
      await consistent(100);
      const hit = (await env.engine.search({ query: 'Addendum 205: reviewed in clinic 205', k: 1, mode: 'keyword' }))
        .hits[0];
      expect(hit?.path).toBe(late[5]);
      expect((await verifyAuditLog(env.dataDir)).ok).toBe(true);
    });
  },
  'all-minilm-l6-v2-int8',
);
