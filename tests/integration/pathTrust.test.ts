import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { createEngine } from '../../electron/core/engine';
import type { Engine } from '../../electron/core/engine';
import { describeWithModel, testModelDir } from './support';

describeWithModel('the engine imports and loads only from places a person would choose', () => {
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-paths-'));
    await importModel(testModelDir()!, join(dir, 'models'), { id: 'all-minilm-l6-v2' });
    // A valid model outside the models folder, reachable by a relative id.
    await importModel(testModelDir()!, join(dir, 'elsewhere'), { id: 'planted' });
    await mkdir(join(dir, 'inbox'));
    await symlink('/etc', join(dir, 'inbox', 'settings'));
    engine = await createEngine({ dataDir: join(dir, 'data'), modelsDir: join(dir, 'models'), threads: 1 });
  });

  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['/', /: can't be imported: it is the root of the filesystem\./],
    ['/etc', /: can't be imported: it is a folder of the operating system\./],
    ['//fileserver/notes', /: can't be imported: it is a network \(UNC\) path/],
    ['\\\\fileserver\\notes', /: can't be imported: it is a network \(UNC\) path/],
  ])('refuses %s before any job exists', async (path, message) => {
    await expect(engine.importFiles([path])).rejects.toMatchObject({ kind: 'BadInput', subject: path, message });
    expect(await engine.listJobs()).toEqual([]);
  });

  it('refuses a link to a system folder, and the whole request with it', async () => {
    const link = join(dir, 'inbox', 'settings');
    await expect(engine.importFiles([join(dir, 'inbox'), link])).rejects.toMatchObject({
      kind: 'BadInput',
      subject: link,
      message: expect.stringMatching(/settings: can't be imported: it is a folder of the operating system/),
    });
    expect(await engine.listJobs()).toEqual([]);
  });

  it('drops an interrupted import of a refused path instead of failing to start', async () => {
    const dataDir = join(dir, 'old-journal');
    await mkdir(join(dataDir, 'index'), { recursive: true });
    await writeFile(join(dataDir, 'index/pending-imports.json'), JSON.stringify([{ id: 'old', paths: ['/etc'] }]));
    const other = await createEngine({ dataDir, modelsDir: join(dir, 'models'), threads: 1 });
    try {
      expect(await other.listJobs()).toEqual([]);
      expect(JSON.parse(await readFile(join(dataDir, 'index/pending-imports.json'), 'utf8'))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it.each(['../elsewhere/planted', '..', 'nonexistent'])(
    'switchModel(%j) is refused: not an installed model',
    async (id) => {
      await expect(engine.switchModel(id)).rejects.toMatchObject({ kind: 'ModelMissing', subject: id });
      expect(await engine.listJobs()).toEqual([]);
      expect((await engine.getStatus()).modelId).toBe('all-minilm-l6-v2');
    },
  );
});
