import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { createEngine } from '../../electron/core/engine';
import { LOCK_FILE } from '../../electron/core/util/folderLock';
import { EngineError } from '../../electron/shared/result';
import { CLI, describeWithModel, FIXTURES, testModelDir } from './support';

const run = promisify(execFile);

describeWithModel('one Clinote at a time per library folder', () => {
  let dir: string;
  let modelsDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-lock-'));
    modelsDir = join(dir, 'home/models');
    env = { ...process.env, CLINOTE_HOME: join(dir, 'home'), LANCEDB_LOG: 'error' };
    await importModel(testModelDir()!, modelsDir, { id: 'all-minilm-l6-v2' });
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('a second engine opened the same library'),
      (err: unknown) => err as EngineError,
    );

  it('a second engine on the folder is refused with a message naming it, until the first closes', async () => {
    const dataDir = join(dir, 'same-process');
    const first = await createEngine({ dataDir, modelsDir, threads: 1 });
    const err = await refusal(createEngine({ dataDir, modelsDir, threads: 1 }));
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ kind: 'InUse', subject: join(dataDir, 'index') });
    expect(err.message).toContain(
      `The library at ${join(dataDir, 'index')} is in use by another Clinote (process ${process.pid}`,
    );
    await first.close();
    const second = await createEngine({ dataDir, modelsDir, threads: 1 });
    await second.close();
  });

  it('another process holding the folder: refused; once that process is killed, its stale lock is taken over', async () => {
    const dataDir = join(dir, 'two-processes');
    const inbox = join(dir, 'inbox');
    await mkdir(inbox);
    const note = await readFile(join(FIXTURES, 'notes', 'mts_0030.txt'), 'utf8');
    for (let i = 0; i < 400; i++) await writeFile(join(inbox, `note_${i}.txt`), `Visit ${i}.\n${note}`);
    const child = spawn('node', [CLI, '--db', dataDir, 'index', inbox], { env, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const lockFile = join(dataDir, 'index', LOCK_FILE);
    for (let i = 0; (await readFile(lockFile, 'utf8').catch(() => '')).indexOf(`"pid":${child.pid}`) < 0; i++) {
      if (i > 1500) throw new Error('the import never took the lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    const err = await refusal(createEngine({ dataDir, modelsDir, threads: 1 }));
    expect(err).toMatchObject({ kind: 'InUse' });
    expect(err.message).toContain(`in use by another Clinote (process ${child.pid},`);
    const cli = await run('node', [CLI, '--db', dataDir, 'docs', 'list'], { env }).then(
      () => expect.fail('a second CLI ran on the same library'),
      (e: { stderr: string; code: number }) => e,
    );
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain(`The library at ${join(dataDir, 'index')} is in use by another Clinote`);
    child.kill('SIGKILL');
    await exited;
    // The killed import is not resumed here: taking the folder over is what is checked.
    const engine = await createEngine({ dataDir, modelsDir, threads: 1, resumeImports: false });
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    await engine.close();
    await expect(readFile(lockFile)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);
});
