import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { createEngine } from '../../electron/core/engine';
import type { IndexSnapshot } from './indexSnapshot';
import { snapshotIndex } from './indexSnapshot';
import { CLI, describeWithModel, FIXTURES, testModelDir } from './support';

const run = promisify(execFile);
const ROWS = 40;

interface Note {
  note_id: number;
  description: string;
  transcription: string;
}

const until = async (done: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 3000; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describeWithModel('an import cut short inside a multi-document file is completed by the next import', () => {
  let dir: string;
  let modelsDir: string;
  let env: NodeJS.ProcessEnv;
  const files: Record<string, string> = {};
  const clean: Record<string, IndexSnapshot> = {};
  const cli = (...args: string[]) => run('node', [CLI, ...args], { env, maxBuffer: 1 << 24 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-interrupt-'));
    modelsDir = join(dir, 'home/models');
    env = { ...process.env, CLINOTE_HOME: join(dir, 'home'), LANCEDB_LOG: 'error' };
    await importModel(testModelDir()!, modelsDir, { id: 'all-minilm-l6-v2' });
    const notes = gunzipSync(await readFile(join(FIXTURES, 'mtsamples-sample.jsonl.gz')))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Note)
      .filter((n) => n.transcription?.trim())
      .slice(0, ROWS);
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const rows = notes.map((n) => [n.note_id, quote(n.description), quote(n.transcription)].join(','));
    files.csv = join(dir, 'export.csv');
    await writeFile(files.csv, ['note_id,description,transcription', ...rows].join('\n'));
    files.fhir = join(dir, 'bundle.json');
    const entry = notes.map((n) => ({
      resource: {
        resourceType: 'DocumentReference',
        id: `note-${n.note_id}`,
        description: n.description,
        content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(n.transcription).toString('base64') } }],
      },
    }));
    await writeFile(files.fhir, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry }));
    // Clean imports, each in a fresh process, are what an interrupted one must end up equal to.
    for (const [format, file] of Object.entries(files)) {
      const dataDir = join(dir, `clean-${format}`);
      expect(JSON.parse((await cli('--db', dataDir, 'index', file, '--json')).stdout)).toMatchObject({ added: 1 });
      clean[format] = await snapshotIndex(dataDir);
      expect(clean[format]!.docs).toHaveLength(ROWS);
    }
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('cancelled through the contract part-way through a CSV export and a FHIR Bundle', async () => {
    const dataDir = join(dir, 'cancelled');
    const engine = await createEngine({ dataDir, modelsDir, threads: 2 });
    try {
      for (const file of Object.values(files)) {
        const inFile = async () => (await engine.listDocuments()).filter((d) => d.path === file).length;
        const { jobId } = await engine.importFiles([file]);
        await until(async () => (await inFile()) >= 3, 'the first documents');
        await engine.cancelJob(jobId);
        expect((await engine.waitForJob(jobId)).cancelled).toBe(true);
        expect(await inFile()).toBeGreaterThan(0);
        expect(await inFile()).toBeLessThan(ROWS);
        const again = await engine.waitForJob((await engine.importFiles([file])).jobId);
        expect(again).toMatchObject({ cancelled: false, failed: [], unchanged: 0 });
        expect(await inFile()).toBe(ROWS);
        // A third import of the same bytes is a no-op now that the file is marked complete.
        const third = await engine.waitForJob((await engine.importFiles([file])).jobId);
        expect(third).toMatchObject({ unchanged: 1, updated: 0, added: 0 });
      }
    } finally {
      await engine.close();
    }
    for (const [format, file] of Object.entries(files))
      expect(await snapshotIndex(dataDir, file)).toEqual(clean[format]);
  });

  it.each(['csv', 'fhir'])('killed (SIGKILL) part-way through the %s file, then imported again', async (format) => {
    const dataDir = join(dir, `kill-${format}`);
    const child = spawn('node', [CLI, '--db', dataDir, 'index', files[format]!], { env, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    await until(async () => {
      const written = await readdir(join(dataDir, 'index/documents.lance/data')).catch(() => []);
      return written.length >= 3;
    }, 'the first commits');
    child.kill('SIGKILL');
    await exited;
    const partial = await snapshotIndex(dataDir);
    expect(partial.docs.length).toBeGreaterThan(0);
    expect(partial.docs.length).toBeLessThan(ROWS);
    const { stdout } = await cli('--db', dataDir, 'index', files[format]!, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ failed: [], cancelled: false });
    expect(await snapshotIndex(dataDir)).toEqual(clean[format]);
  });
});
