import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { logFilePath } from '../../electron/core/util/engineLog';
import { CLI, describeWithModel, FIXTURES, longNote, testModelDir } from './support';

const run = promisify(execFile);

describeWithModel('a file that kills the engine twice is set aside and listed with the reason', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  let inbox: string;
  let culprit: string;
  const cli = (...args: string[]) => run('node', [CLI, '--db', dataDir, ...args], { env, maxBuffer: 1 << 24 });

  const waitFor = async (file: string, done: (text: string) => boolean, what: string) => {
    for (let i = 0; !done(await readFile(file, 'utf8').catch(() => '')); i++) {
      if (i > 3000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  /**
   * Starts `clinote index <paths>` and kills it (SIGKILL: no clean-up) once it has started on the culprit. `suspects`:
   * how many times the engine log has named the culprit a suspect once this run's engine has opened its record.
   */
  async function killDuringCulprit(paths: string[], suspects: number): Promise<void> {
    const child = spawn('node', [CLI, '--db', dataDir, 'index', ...paths], { env, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const count = (text: string, word: string) => text.split(word).length - 1;
    await waitFor(logFilePath(dataDir), (t) => count(t, 'file-suspect') >= suspects, 'the engine to open');
    // The record of the run before is cleared just after the engine log names the suspects.
    if (suspects) await new Promise((r) => setTimeout(r, 1000));
    const started = `+${JSON.stringify(culprit)}`;
    await waitFor(join(dataDir, 'index', 'importing.log'), (t) => t.includes(started), 'the import of the culprit');
    child.kill('SIGKILL');
    await exited;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-quarantine-'));
    env = { ...process.env, CLINOTE_HOME: join(dir, 'home'), LANCEDB_LOG: 'error' };
    await importModel(testModelDir()!, join(dir, 'home/models'), { id: 'all-minilm-l6-v2' });
    dataDir = join(dir, 'data');
    inbox = join(dir, 'inbox');
    await mkdir(inbox);
    culprit = join(inbox, 'long_dictation.txt');
    await writeFile(culprit, await longNote(8));
    for (const n of ['mts_0030.txt', 'mts_0329.txt']) await copyFile(join(FIXTURES, 'notes', n), join(inbox, n));
    await copyFile(join(FIXTURES, 'notes', 'mts_0753.txt'), join(dir, 'later.txt'));
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('killed twice on it: listed by `docs errors`, skipped by folder imports, the other files imported', async () => {
    // First kill: other files may be in progress too, so this alone blames nobody; the import stays journalled.
    await killDuringCulprit([inbox], 0);
    // The next start resumes it with the suspect file alone, and it kills the engine again.
    await killDuringCulprit([join(dir, 'later.txt')], 1);
    const { stdout } = await cli('docs', 'errors', '--json');
    const failed = JSON.parse(stdout) as Array<{ path: string; error: string }>;
    expect(failed.map((f) => f.path)).toEqual([culprit]);
    expect(failed[0]!.error).toMatch(
      /long_dictation\.txt: Clinote stopped unexpectedly twice while importing this file, so it was set aside .*Import this file by itself to try again\.$/,
    );
    // A run with a failed file exits non-zero; its summary is still printed.
    const indexed = await cli('index', inbox, '--json').then(
      () => expect.fail('the set-aside file was imported'),
      (e: { code: number; stdout: string }) => e,
    );
    expect(indexed.code).toBe(3);
    const summary = JSON.parse(indexed.stdout) as { failed: Array<{ path: string }> };
    expect(summary.failed.map((f) => f.path)).toEqual([culprit]);
    const docs = JSON.parse((await cli('docs', 'list', '--json')).stdout) as Array<{ path: string; status: string }>;
    // later.txt is not there: its run was killed while finishing the resumed import, before it began its own.
    const ready = docs.filter((d) => d.status === 'ready').map((d) => d.path);
    expect(ready.sort()).toEqual([join(inbox, 'mts_0030.txt'), join(inbox, 'mts_0329.txt')]);
    const log = await readFile(logFilePath(dataDir), 'utf8');
    expect(log).toMatch(/file-quarantined path="[^"]*long_dictation\.txt"/);
  }, 240_000);
});
