import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineError } from '../../electron/shared/result';
import { WorkerEmbedder } from '../../electron/core/embed/embedder';
import { STAMP_FILE, verifyModelFiles } from '../../electron/core/embed/integrity';
import { readManifest } from '../../electron/core/embed/manifest';
import { importModel } from '../../electron/core/embed/models';
import type { ImportOptions } from '../../electron/core/embed/models';
import { describeWithModel, testModelDir } from './support';

/**
 * Bad model folders, built from the real all-MiniLM-L6-v2 folder with one thing broken each: every import must fail
 * with an EngineError that names the file and says why, and leave nothing installed.
 */
describeWithModel('model import refuses broken folders', () => {
  let base: string;
  let models: string;
  let n = 0;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'clinote-badmodel-'));
    models = join(base, 'models');
  });
  afterAll(async () => rm(base, { recursive: true, force: true }));

  /** A copy of the test model folder (the graph linked, not copied) with `edit` applied. */
  async function brokenFolder(edit: (dir: string) => Promise<void>): Promise<string> {
    const src = testModelDir()!;
    const dir = join(base, `case-${++n}`);
    await cp(src, dir, { recursive: true, filter: (f) => !f.endsWith('model.onnx') });
    await symlink(join(src, 'model.onnx'), join(dir, 'model.onnx'));
    await edit(dir);
    return dir;
  }

  async function importError(dir: string, opts: ImportOptions = {}): Promise<EngineError> {
    const err = await importModel(dir, models, { id: 'broken', ...opts }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EngineError);
    await expect(stat(join(models, 'broken'))).rejects.toThrow();
    return err as EngineError;
  }

  const editJson = async (file: string, change: (j: Record<string, unknown>) => void) => {
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    change(json);
    await writeFile(file, JSON.stringify(json));
  };

  it('names the folder when the ONNX graph or tokenizer.json is missing', async () => {
    const noGraph = await brokenFolder((d) => rm(join(d, 'model.onnx')));
    expect((await importError(noGraph)).message).toMatch(/has no model\.onnx/);
    const noTokenizer = await brokenFolder((d) => rm(join(d, 'tokenizer.json')));
    const err = await importError(noTokenizer);
    expect(err.kind).toBe('ModelMissing');
    expect(err.subject).toBe(join(noTokenizer, 'tokenizer.json'));
  });

  it('refuses a truncated graph, naming it', async () => {
    const dir = await brokenFolder(async (d) => {
      const bytes = await readFile(join(d, 'model.onnx'));
      await rm(join(d, 'model.onnx'));
      await writeFile(join(d, 'model.onnx'), bytes.subarray(0, 1 << 20));
    });
    const err = await importError(dir);
    expect(err.kind).toBe('BadInput');
    expect(err.message).toContain(join(dir, 'model.onnx'));
    expect(err.message).toMatch(/not a loadable ONNX model/);
  });

  it.each(['tokenizer.json', 'config.json', 'modules.json', '1_Pooling/config.json', 'sentence_bert_config.json'])(
    'refuses invalid JSON in %s, naming the file',
    async (name) => {
      const dir = await brokenFolder((d) => writeFile(join(d, name), '{"truncated": '));
      const err = await importError(dir);
      expect(err.kind).toBe('BadInput');
      expect(err.message).toContain(`${join(dir, name)} is not valid JSON`);
    },
  );

  it('refuses a tokenizer whose ids go past the graph embedding table', async () => {
    const dir = await brokenFolder((d) =>
      editJson(join(d, 'tokenizer.json'), (j) => {
        const added = j.added_tokens as Array<Record<string, unknown>>;
        added.push({ ...added[0], id: 40000, content: '[EXTRA]' });
      }),
    );
    const err = await importError(dir);
    expect(err.subject).toBe(join(dir, 'model.onnx'));
    expect(err.message).toMatch(/embedding table is smaller than the tokenizer's vocabulary \(token id 40000/);
  });

  it('refuses a pooling config naming a mode Clinote does not run, or none', async () => {
    const max = await brokenFolder((d) =>
      editJson(join(d, '1_Pooling/config.json'), (j) => {
        j.pooling_mode_mean_tokens = false;
        j.pooling_mode_max_tokens = true;
      }),
    );
    const err = await importError(max);
    expect(err.subject).toBe(join(max, '1_Pooling/config.json'));
    expect(err.message).toMatch(/names pooling mode "max", which Clinote does not run/);
    const none = await brokenFolder((d) =>
      editJson(join(d, '1_Pooling/config.json'), (j) => (j.pooling_mode_mean_tokens = false)),
    );
    expect((await importError(none)).message).toMatch(/turns no pooling mode on/);
    // An explicit --pooling is the way out, and is taken.
    const manifest = await importModel(max, models, { id: 'overridden', pooling: 'mean' });
    expect(manifest.pooling).toBe('mean');
  });

  it('refuses a Pooling module whose config file is missing', async () => {
    const dir = await brokenFolder((d) => rm(join(d, '1_Pooling/config.json')));
    const err = await importError(dir);
    expect(err.message).toMatch(/names a Pooling module but .*1_Pooling\/config\.json is missing/);
  });

  it('refuses dimensions in the config files that disagree with the graph', async () => {
    const pooling = await brokenFolder((d) =>
      editJson(join(d, '1_Pooling/config.json'), (j) => (j.word_embedding_dimension = 768)),
    );
    const err = await importError(pooling);
    expect(err.subject).toBe(join(pooling, '1_Pooling/config.json'));
    expect(err.message).toMatch(/says 768 dimensions but .*model\.onnx outputs 384/);
    const config = await brokenFolder((d) => editJson(join(d, 'config.json'), (j) => (j.hidden_size = 768)));
    expect((await importError(config)).subject).toBe(join(config, 'config.json'));
  });

  it('refuses a maximum length beyond the position table', async () => {
    const dir = await brokenFolder((d) =>
      editJson(join(d, 'sentence_bert_config.json'), (j) => (j.max_seq_length = 1024)),
    );
    const err = await importError(dir);
    expect(err.message).toMatch(/asks for 1024 tokens but .*config\.json has only 512 positions/);
  });
});

describeWithModel('an installed model whose files changed is refused at load', () => {
  let base: string;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'clinote-tamper-'));
  });
  afterAll(async () => rm(base, { recursive: true, force: true }));

  it('trusts the stamp written at import, and hashes again after any change', async () => {
    const models = join(base, 'a');
    await importModel(testModelDir()!, models, { id: 'm' });
    const dir = join(models, 'm');
    const manifest = await readManifest(dir);
    expect((await verifyModelFiles(dir, manifest)).hashed).toEqual([]);
    await rm(join(dir, STAMP_FILE));
    expect((await verifyModelFiles(dir, manifest)).hashed).toContain('model.onnx');
    expect((await verifyModelFiles(dir, manifest)).hashed).toEqual([]);
  });

  it('refuses a graph overwritten in place with its size and mtime kept', async () => {
    const models = join(base, 'b');
    await importModel(testModelDir()!, models, { id: 'm' });
    const dir = join(models, 'm');
    const file = join(dir, 'model.onnx');
    const before = await stat(file);
    const bytes = await readFile(file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    await writeFile(file, bytes);
    await utimes(file, before.atime, before.mtime);
    const err = await WorkerEmbedder.start(dir, await readManifest(dir), 1).then(
      () => undefined,
      (e: unknown) => e as EngineError,
    );
    expect(err?.kind).toBe('ModelMissing');
    expect(err?.message).toMatch(/model\.onnx changed since model "m" was imported .* it is not used/);
  });

  it('refuses a model folder with a file gone', async () => {
    const models = join(base, 'c');
    await importModel(testModelDir()!, models, { id: 'm' });
    const dir = join(models, 'm');
    await rm(join(dir, 'tokenizer.json'));
    await mkdir(join(dir, 'unrelated'));
    await expect(verifyModelFiles(dir, await readManifest(dir))).rejects.toThrow(/tokenizer\.json is missing/);
  });
});
