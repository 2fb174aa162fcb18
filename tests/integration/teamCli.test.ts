import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ObjectStore } from '../../electron/core/db/objectStore';
import { parseObjectUri } from '../../electron/core/db/storage';
import { importModel } from '../../electron/core/embed/models';
import { CLI, FIXTURES, testModelDir } from './support';
import { describeWithS3, startS3Server } from './s3Server';
import type { S3TestServer } from './s3Server';

const run = promisify(execFile);

/** An environment with the variables set to undefined left out (unset for the child). */
const withoutUnset = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));

describeWithS3('clinote --db s3://... : publish from one workstation, search from others', () => {
  let s3: S3TestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const uri = 's3://clinic/cli';
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    run('node', [CLI, ...args], { env: withoutUnset({ ...env, ...extra }), maxBuffer: 1 << 24 });
  const failure = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    cli(args, extra).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.makeBucket('clinic');
    dir = await mkdtemp(join(tmpdir(), 'clinote-team-cli-'));
    // Endpoint and credentials from the usual variables, never from the command line.
    env = {
      ...process.env,
      CLINOTE_HOME: join(dir, 'home'),
      CLINOTE_STORAGE_SETTINGS: join(dir, 'no-settings.json'),
      LANCEDB_LOG: 'error',
      AWS_ENDPOINT_URL: s3.endpoint,
      AWS_REGION: s3.storage.region,
      AWS_ACCESS_KEY_ID: s3.storage.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.storage.secretAccessKey,
    };
    await importModel(testModelDir()!, join(dir, 'home/models'), { id: 'all-minilm-l6-v2' });
  });

  afterAll(async () => {
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('publishes a folder, then every read command works on the bucket', async () => {
    const { stdout } = await cli(['--db', uri, 'index', join(FIXTURES, 'notes'), '--json']);
    expect(JSON.parse(stdout)).toMatchObject({ added: 20, failed: [] });
    const res = JSON.parse(
      (await cli(['--db', uri, 'search', 'cardiac catheterization of the left ventricle', '--k', '3', '--json']))
        .stdout,
    );
    expect(res.hits[0].title).toBe('mts_0753');
    expect(JSON.parse((await cli(['--db', uri, 'docs', 'list', '--json'])).stdout)).toHaveLength(20);
    // Its import journal stays on this workstation's disk, never in the bucket.
    expect(await readdir(join(dir, 'home/shared'))).toEqual(['clinic__cli']);
  });

  it('refuses a second publisher while the first is writing, naming it', async () => {
    const inbox = join(dir, 'many');
    await mkdir(inbox);
    const notes = (await readdir(join(FIXTURES, 'notes'))).filter((f) => f.endsWith('.txt'));
    for (let copy = 0; copy < 3; copy++)
      for (const n of notes) await copyFile(join(FIXTURES, 'notes', n), join(inbox, `c${copy}_${n}`));
    const first = spawn('node', [CLI, '--db', uri, 'index', inbox], { env, stdio: 'ignore' });
    const done = new Promise((r) => first.once('exit', r));
    const store = await ObjectStore.open(parseObjectUri(uri), s3.storage);
    try {
      for (let i = 0; i < 300 && !(await store.get('cli/clinote-writer.lease')); i++)
        await new Promise((r) => setTimeout(r, 100));
      const second = await failure(['--db', uri, 'index', join(FIXTURES, 'notes/mts_0753.txt')]);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/s3:\/\/clinic\/cli is being published by \S+ \(process \d+\) since/);
    } finally {
      await done;
      store.close();
    }
    // Once the first has finished, the lease is free again.
    expect(JSON.parse((await cli(['--db', uri, 'docs', 'list', '--json'])).stdout)).toHaveLength(80);
  });

  it('takes credentials from a settings file only its owner can read', async () => {
    const settings = join(dir, 'storage.json');
    const noAws = { AWS_ENDPOINT_URL: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
    const values = { ...s3.storage };
    await writeFile(settings, JSON.stringify(values), { mode: 0o644 });
    const loose = await failure(['--db', uri, 'docs', 'list'], { ...noAws, CLINOTE_STORAGE_SETTINGS: settings });
    expect(loose.stderr).toMatch(/other users may read it; run: chmod 600/);
    await rm(settings);
    await writeFile(settings, JSON.stringify(values), { mode: 0o600 });
    const ok = await cli(['--db', uri, 'docs', 'list', '--json'], { ...noAws, CLINOTE_STORAGE_SETTINGS: settings });
    expect(JSON.parse(ok.stdout).length).toBeGreaterThan(0);
    const none = await failure(['--db', uri, 'docs', 'list'], noAws);
    expect(none.stderr).toMatch(/No credentials for s3:\/\/clinic\/cli: set AWS_ACCESS_KEY_ID/);
  });

  it('searches a local library and the team library together with --team', async () => {
    const mine = join(dir, 'mine');
    await mkdir(mine);
    await writeFile(
      join(mine, 'own-note.txt'),
      'Follow-up: chest pain resolved after the catheterization; no dyspnea.',
    );
    await cli(['index', mine]);
    const { stdout } = await cli(['search', 'cardiac catheterization', '--team', uri, '--k', '100', '--json']);
    const hits = JSON.parse(stdout).hits as Array<{ title: string; source: string }>;
    expect(new Set(hits.map((h) => h.source))).toEqual(new Set(['local', 'team']));
    expect(hits.find((h) => h.title === 'own-note')?.source).toBe('local');
    const text = (await cli(['search', 'cardiac catheterization', '--team', uri, '--k', '5'])).stdout;
    expect(text).toMatch(/mts_0753 \[team\]/);
  });
});
