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
});
