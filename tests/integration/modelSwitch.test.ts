import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { describeWithModel, FIXTURES, makeEngine, testModelDir } from './support';
import type { TestEnv } from './support';

describeWithModel(
  'switching models re-embeds into a new table while the old one keeps serving',
  () => {
    let env: TestEnv;

    beforeAll(async () => {
      env = await makeEngine();
      await importModel(testModelDir('all-minilm-l6-v2-int8')!, env.modelsDir, { id: 'minilm-int8' });
      await env.engine.waitForJob((await env.engine.importFiles([join(FIXTURES, 'notes')])).jobId);
    });

    afterAll(async () => env?.cleanup());

    it('lists both models with the active one marked', async () => {
      const models = await env.engine.listModels();
      expect(models.map((m) => [m.id, m.active])).toEqual([
        ['all-minilm-l6-v2', true],
        ['minilm-int8', false],
      ]);
    });

    it('serves searches from the old model during the switch and from the new one after', async () => {
      const before = await env.engine.search({ query: 'heart catheterization', k: 3 });
      expect(before.modelId).toBe('all-minilm-l6-v2');
      const { jobId } = await env.engine.switchModel('minilm-int8');
      const during = await env.engine.search({ query: 'heart catheterization', k: 3 });
      expect(during.modelId).toBe('all-minilm-l6-v2');
      const summary = await env.engine.waitForJob(jobId);
      expect(summary.failed).toEqual([]);
      await env.engine.whenIdle();
      const after = await env.engine.search({ query: 'heart catheterization', k: 3 });
      expect(after.modelId).toBe('minilm-int8');
      expect(after.hits[0]?.title).toBe(before.hits[0]?.title);
      expect((await env.engine.getStatus()).chunks).toBeGreaterThanOrEqual(20);
      expect((await env.engine.listModels()).find((m) => m.active)?.id).toBe('minilm-int8');
      // The new table's chunks carry their context, read again from the stored page texts.
      const mentions = await env.engine.search({ query: 'chest pain', k: 20, context: 'all' });
      expect(mentions.hits.some((h) => h.context === 'negated' && h.why.evidence[0]?.cue)).toBe(true);
    });

    it('refuses an unknown model with ModelMissing', async () => {
      await expect(env.engine.switchModel('no-such-model')).rejects.toMatchObject({ kind: 'ModelMissing' });
    });
  },
  'all-minilm-l6-v2-int8',
);
