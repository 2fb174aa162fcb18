import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../electron/core/engine';
import type { Engine } from '../../electron/core/engine';
import { describeWithModel, FIXTURES, makeEngine } from './support';
import type { TestEnv } from './support';

async function until(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

describeWithModel('imported folders stay in sync', () => {
  let env: TestEnv;
  let engine: Engine;
  let folder: string;
  const titles = async () => (await engine.listDocuments()).map((d) => d.title).sort();

  beforeAll(async () => {
    env = await makeEngine();
    await env.engine.close();
    engine = await createEngine({ dataDir: env.dataDir, modelsDir: env.modelsDir, watchFolders: true });
    folder = join(env.dir, 'clinic');
    await mkdir(folder);
    await copyFile(join(FIXTURES, 'notes/mts_0753.txt'), join(folder, 'a.txt'));
    await engine.waitForJob((await engine.importFiles([folder])).jobId);
  });

  afterAll(async () => {
    await engine?.close();
    await env?.cleanup();
  });

  it('imports added files, drops removed ones, and catches up after a restart', async () => {
    await writeFile(join(folder, 'b.txt'), 'ASSESSMENT: Community-acquired pneumonia. Start amoxicillin.');
    await until(async () => (await titles()).includes('b'));
    await rm(join(folder, 'a.txt'));
    await until(async () => !(await titles()).includes('a'));
    await engine.close();
    await writeFile(join(folder, 'c.txt'), 'PLAN: Recheck potassium in one week.');
    engine = await createEngine({ dataDir: env.dataDir, modelsDir: env.modelsDir, watchFolders: true });
    await until(async () => (await titles()).includes('c'));
    expect(await titles()).toEqual(['b', 'c']);
  });

  const restart = async () => {
    await engine.close();
    engine = await createEngine({ dataDir: env.dataDir, modelsDir: env.modelsDir, watchFolders: true });
    await engine.whenIdle();
  };

  it('a removed document stays removed, a file deleted while closed is dropped, and a folder can be unwatched', async () => {
    const b = (await engine.listDocuments()).find((d) => d.title === 'b')!;
    await engine.removeDocuments([b.id]);
    await writeFile(join(folder, 'e.txt'), 'HPI: Knee pain after a fall.');
    await until(async () => (await titles()).includes('e'));
    await engine.close();
    await rm(join(folder, 'c.txt'));
    engine = await createEngine({ dataDir: env.dataDir, modelsDir: env.modelsDir, watchFolders: true });
    await engine.whenIdle();
    // b: removed by the person, not brought back by the catch-up; c: deleted while closed, dropped by it.
    expect(await titles()).toEqual(['e']);
    await writeFile(join(folder, 'b.txt'), 'ASSESSMENT: Community-acquired pneumonia, improving.');
    await writeFile(join(folder, 'f.txt'), 'PLAN: Physiotherapy twice a week.');
    await until(async () => (await titles()).includes('f'));
    expect(await titles()).toEqual(['e', 'f']);

    expect(await engine.listWatchedFolders()).toEqual([folder]);
    await expect(engine.unwatchFolder(join(folder, 'nested'))).rejects.toMatchObject({ kind: 'BadInput' });
    await engine.unwatchFolder(folder);
    expect(await engine.listWatchedFolders()).toEqual([]);
    await writeFile(join(folder, 'g.txt'), 'PLAN: Review in six weeks.');
    await restart();
    expect(await engine.listWatchedFolders()).toEqual([]);
    expect(await titles()).toEqual(['e', 'f']);

    // Importing the folder again is the person's choice: the removed note comes back, and the folder is watched.
    await engine.waitForJob((await engine.importFiles([folder])).jobId);
    expect(await titles()).toEqual(['b', 'e', 'f', 'g']);
    expect(await engine.listWatchedFolders()).toEqual([folder]);
  });
});
