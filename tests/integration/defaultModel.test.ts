import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../electron/core/engine';
import { importModel } from '../../electron/core/embed/models';
import { describeWithModel, testModelDir } from './support';

// Which model a new library takes is a product decision (measured on the clinical development set; see
// DEFAULT_MODEL_ORDER). One real graph imported under several ids stands in for the models: only the choice is tested.
describeWithModel('default model of a new library', () => {
  let dir: string;
  let modelsDir: string;
  const install = (id: string) => importModel(testModelDir()!, modelsDir, { id });
  const activeIn = async (name: string, note?: string): Promise<string> => {
    const engine = await createEngine({ dataDir: join(dir, name), modelsDir, threads: 1 });
    try {
      if (note) await engine.tools.importTexts([{ id: 'n1', text: note }], { whole: true });
      return (await engine.getStatus()).modelId ?? '';
    } finally {
      await engine.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-default-'));
    modelsDir = join(dir, 'models');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prefers MedEmbed-small, then bge-small int8, then fp32, then MiniLM, over models listed before them', async () => {
    await install('aaa-custom');
    await install('all-minilm-l6-v2');
    expect(await activeIn('a', 'Patient reports dyspnea climbing stairs.')).toBe('all-minilm-l6-v2');
    await install('bge-small-en-v1.5');
    expect(await activeIn('b')).toBe('bge-small-en-v1.5');
    await install('bge-small-en-v1.5-int8');
    expect(await activeIn('c')).toBe('bge-small-en-v1.5-int8');
    await install('medembed-small-v0.1');
    expect(await activeIn('d')).toBe('medembed-small-v0.1');
  });

  it('keeps the model a library was built with', async () => {
    // Library "a" holds a note embedded when MiniLM was the best installed model; a better one installed since
    // does not change it (switching re-embeds, and is the user's call).
    expect(await activeIn('a')).toBe('all-minilm-l6-v2');
  });
});
