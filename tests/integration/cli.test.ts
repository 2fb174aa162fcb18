import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Database } from '../../electron/core/db/database';
import { importModel } from '../../electron/core/embed/models';
import { LanceChunkIndex } from '../../electron/core/index/lanceChunkIndex';
import { Library } from '../../electron/core/library/library';
import { CLI, describeWithModel, FIXTURES, testModelDir } from './support';

const run = promisify(execFile);

describeWithModel('the clinote CLI, as a user runs it', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => run('node', [CLI, ...args], { env, maxBuffer: 1 << 24 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-cli-'));
    env = { ...process.env, CLINOTE_HOME: join(dir, 'home'), LANCEDB_LOG: 'error' };
    await importModel(testModelDir()!, join(dir, 'home/models'), { id: 'all-minilm-l6-v2' });
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('lists the installed model', async () => {
    const { stdout } = await cli('model', 'list');
    expect(stdout).toMatch(/^all-minilm-l6-v2 {2}384-d {2}mean pooling {2}fp32/m);
  });

  it('indexes a folder, searches it as JSON and lists documents', async () => {
    const { stdout } = await cli('index', join(FIXTURES, 'notes'), '--json');
    expect(JSON.parse(stdout)).toMatchObject({ added: 20, failed: [] });
    const res = JSON.parse(
      (await cli('search', 'cardiac catheterization of the left ventricle', '--k', '3', '--json')).stdout,
    );
    expect(res.mode).toBe('hybrid');
    expect(res.hits).toHaveLength(3);
    expect(res.hits[0].title).toBe('mts_0753');
    const docs = JSON.parse((await cli('docs', 'list', '--json')).stdout);
    expect(docs).toHaveLength(20);
  });

  it('labels denied mentions and ranks them last, unless asked for every mention', async () => {
    const text = (await cli('search', 'chest pain', '--k', '20')).stdout;
    expect(text).toContain('Also searched: chest pain → CP');
    expect(text).toMatch(/\[Denied: [^\]]+\]/);
    const divider = text.indexOf('-- mentioned only in another context --');
    expect(divider).toBeGreaterThan(0);
    expect(text.slice(0, divider)).not.toContain('[Denied');
    type Hit = { context: string; demoted?: boolean; why: { side: string; evidence: unknown[] } };
    const all = JSON.parse((await cli('search', 'chest pain', '--k', '20', '--context', 'all', '--json')).stdout) as {
      context: string;
      hits: Hit[];
    };
    expect(all.context).toBe('all');
    expect(all.hits.some((h) => h.context === 'negated' && !h.demoted)).toBe(true);
    expect(all.hits.every((h) => ['meaning', 'words', 'both'].includes(h.why.side) && h.why.evidence.length > 0)).toBe(
      true,
    );
  });

  it('exits 3 and names the file when part of a batch fails', async () => {
    const scan = join(dir, 'referral.tiff');
    await writeFile(scan, Buffer.from([0x49, 0x49, 0x2a, 0x00]));
    const err = await cli('index', scan, join(FIXTURES, 'notes/mts_0753.txt')).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect((err as { code: number }).code).toBe(3);
    expect((err as { stdout: string }).stdout).toContain('referral.tiff: ".tiff" files are not supported');
    const { stdout } = await cli('docs', 'errors');
    expect(stdout).toContain('referral.tiff');
  });

  it('rejects bad arguments with a clear message', async () => {
    const err = (await cli('search', 'x', '--from', 'yesterday').catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/dateFrom.*ISO date/);
  });

  it('resumes after being killed mid-import and ends equal to a clean import', async () => {
    const inbox = join(dir, 'many');
    await mkdir(inbox);
    const notes = (await readdir(join(FIXTURES, 'notes'))).filter((f) => f.endsWith('.txt'));
    // 60 files: the fixtures three times under different names.
    for (let copy = 0; copy < 3; copy++)
      for (const n of notes) await copyFile(join(FIXTURES, 'notes', n), join(inbox, `c${copy}_${n}`));
    const crashDb = join(dir, 'crash');
    const child = spawn('node', [CLI, '--db', crashDb, 'index', inbox], { env, stdio: 'ignore' });
    const waitForSomeDocs = async () => {
      for (let i = 0; i < 600; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const files = await readdir(join(crashDb, 'index/documents.lance/data')).catch(() => []);
        if (files.length >= 3) return;
      }
    };
    const snapshot = async (dataDir: string) => {
      const db = await Database.open(join(dataDir, 'index'));
      const library = await Library.open(db);
      const index = await LanceChunkIndex.open(db, 'all-minilm-l6-v2', 384);
      const docs = library
        .list()
        .map((d) => `${d.path}|${d.status}|${d.chunks}`)
        .sort();
      const chunks = (await index.table.query().select(['id', 'text']).toArray())
        .map((c) => `${c.id}|${c.text}`)
        .sort();
      index.close();
      library.close();
      db.close();
      return { docs, chunks };
    };
    await waitForSomeDocs();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The kill landed mid-import: the journal still names the import and only part of the batch is in.
    const journal = JSON.parse(await readFile(join(crashDb, 'index/pending-imports.json'), 'utf8')) as unknown[];
    expect(journal).toHaveLength(1);
    expect((await snapshot(crashDb)).docs.length).toBeLessThan(60);
    await cli('--db', crashDb, 'index', inbox);
    const cleanDb = join(dir, 'clean');
    await cli('--db', cleanDb, 'index', inbox);
    const crashed = await snapshot(crashDb);
    const clean = await snapshot(cleanDb);
    expect(crashed.docs).toHaveLength(60);
    expect(new Set(crashed.chunks).size).toBe(crashed.chunks.length);
    expect(crashed).toEqual(clean);
  });
});
