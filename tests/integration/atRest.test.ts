import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../electron/core';
import { describeWithModel, FIXTURES, makeEngine } from './support';
import type { TestEnv } from './support';

/** Every path under `dir` whose mode lets anyone but the owner in. */
async function openToOthers(dir: string): Promise<string[]> {
  const found: string[] = [];
  const info = await lstat(dir);
  if (info.mode & 0o077) found.push(`${dir} ${(info.mode & 0o777).toString(8)}`);
  if (info.isDirectory()) for (const e of await readdir(dir)) found.push(...(await openToOthers(join(dir, e))));
  return found;
}

describeWithModel('data at rest: the data folder is private to its owner', () => {
  let env: TestEnv;
  const posix = process.platform !== 'win32';

  beforeAll(async () => {
    // The usual desktop umask: the engine itself must make what it and LanceDB write private.
    process.umask(0o022);
    env = await makeEngine();
  });
  afterAll(async () => env.cleanup());

  it.runIf(posix)('folders are 0700 and files 0600 after an import, a search and a removal', async () => {
    const { engine } = env;
    const job = await engine.importFiles([join(FIXTURES, 'notes'), join(FIXTURES, 'e2e/fda_ibuprofen_label_2024.pdf')]);
    await engine.waitForJob(job.jobId);
    const hits = (await engine.search({ query: 'ibuprofen', k: 3 })).hits;
    await engine.getDocumentText(hits[0]!.docId);
    await engine.removeDocuments([hits[0]!.docId]);
    const files = await readdir(env.dataDir, { recursive: true });
    expect(files.some((f) => f.endsWith('.lance'))).toBe(true);
    expect(files.length).toBeGreaterThan(20);
    expect(await openToOthers(env.dataDir)).toEqual([]);
    expect((await lstat(env.dataDir)).mode & 0o777).toBe(0o700);
  });

  it.runIf(posix)('a data folder left readable by others is made private when the engine opens it', async () => {
    await env.engine.close();
    const loosen = async (path: string): Promise<void> => {
      const info = await lstat(path);
      await chmod(path, info.isDirectory() ? 0o755 : 0o644);
      if (info.isDirectory()) for (const e of await readdir(path)) await loosen(join(path, e));
    };
    await loosen(env.dataDir);
    expect((await openToOthers(env.dataDir)).length).toBeGreaterThan(20);
    const reopened = await createEngine({ dataDir: env.dataDir, modelsDir: env.modelsDir });
    await reopened.close();
    expect(await openToOthers(env.dataDir)).toEqual([]);
  });
});
