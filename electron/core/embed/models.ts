import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EngineError } from '../../shared/result';
import { catalogById, catalogByHubId, toModelId } from './catalog';
import { readManifest, writeManifest } from './manifest';
import type { ModelManifest } from './manifest';
import { inspectOnnx } from './onnxInspect';
import { readFolderSettings } from './sourceFolder';

const COPIED = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'config.json'];

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ImportOptions {
  id?: string;
  source?: string;
  licence?: string;
  pooling?: 'cls' | 'mean';
  queryPrefix?: string;
  passagePrefix?: string;
  maxTokens?: number;
}

/**
 * Copies a model folder (ONNX graph + tokenizer.json + optional sentence-transformers files) into `modelsDir/<id>`
 * and writes its manifest. The copy is staged and renamed into place, so a failed import leaves nothing behind.
 */
export async function importModel(
  sourceDir: string,
  modelsDir: string,
  opts: ImportOptions = {},
): Promise<ModelManifest> {
  const settings = await readFolderSettings(sourceDir);
  const id = opts.id ?? toModelId(basename(sourceDir));
  const known = catalogById(id) ?? (opts.source ? catalogByHubId(opts.source) : undefined);
  const graph = await inspectOnnx(settings.onnxPath);
  const pooling = opts.pooling ?? settings.pooling ?? known?.pooling;
  if (!pooling) {
    throw new EngineError(
      'BadInput',
      `Can't tell the pooling of ${sourceDir}: no 1_Pooling/config.json. Pass --pooling cls|mean.`,
      sourceDir,
    );
  }
  const finalDir = join(modelsDir, id);
  const staging = join(modelsDir, `.${id}.importing-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const files: Record<string, string> = {};
    await copyFile(settings.onnxPath, join(staging, 'model.onnx'));
    files['model.onnx'] = await sha256File(join(staging, 'model.onnx'));
    for (const name of COPIED) {
      const from = join(sourceDir, name);
      if (!(await stat(from).catch(() => null))) continue;
      await copyFile(from, join(staging, name));
      files[name] = await sha256File(join(staging, name));
    }
    const maxTokens =
      opts.maxTokens ?? settings.maxSeqLength ?? known?.maxTokens ?? Math.min(settings.maxPositions ?? 512, 512);
    const manifest: ModelManifest = {
      id,
      architecture: settings.architecture,
      dims: graph.dims ?? settings.hidden ?? 0,
      pooling,
      normalize: settings.normalize ?? true,
      maxTokens,
      queryPrefix: opts.queryPrefix ?? known?.queryPrefix ?? '',
      passagePrefix: opts.passagePrefix ?? known?.passagePrefix ?? '',
      quantization: graph.quantized ? 'int8' : 'fp32',
      inputs: graph.inputs,
      output: graph.output,
      files,
      source: opts.source ?? known?.hubId ?? sourceDir,
      licence: opts.licence ?? known?.licence ?? 'unknown',
      createdAt: new Date().toISOString(),
    };
    if (!manifest.dims) throw new EngineError('BadInput', `Can't tell the embedding size of ${sourceDir}.`, sourceDir);
    await writeManifest(staging, manifest);
    await rm(finalDir, { recursive: true, force: true });
    await rename(staging, finalDir);
    return manifest;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

/** Installed models: every folder of modelsDir with a valid manifest. Broken folders are skipped, not fatal. */
export async function listInstalledModels(modelsDir: string): Promise<ModelManifest[]> {
  const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  const out: ModelManifest[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    try {
      out.push(await readManifest(join(modelsDir, e.name)));
    } catch {
      // A half-copied or foreign folder is not a model; model list must still work.
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Checks the files against the manifest's sha256 sums. */
export async function verifyModel(modelDir: string): Promise<ModelManifest> {
  const manifest = await readManifest(modelDir);
  for (const [name, sum] of Object.entries(manifest.files)) {
    const actual = await sha256File(join(modelDir, name)).catch(() => 'missing');
    if (actual !== sum)
      throw new EngineError(
        'ModelMissing',
        `${join(modelDir, name)} does not match its manifest (${actual === 'missing' ? 'missing' : 'checksum differs'}).`,
        name,
      );
  }
  return manifest;
}
