import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EngineError } from '../../shared/result';
import { catalogFor, toModelId } from './catalog';
import type { CatalogEntry } from './catalog';
import { sha256File, verifyModelFiles, writeStamp } from './integrity';
import { readManifest, writeManifest } from './manifest';
import type { ModelManifest } from './manifest';
import { inspectOnnx } from './onnxInspect';
import type { GraphInfo } from './onnxInspect';
import { readFolderSettings } from './sourceFolder';
import type { FolderSettings } from './sourceFolder';
import { maxTokenId, readTokenizerJson, TextTokenizer } from './tokenizer';

export { sha256File };

const COPIED = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'config.json'];

export interface ImportOptions {
  id?: string;
  source?: string;
  licence?: string;
  pooling?: 'cls' | 'mean';
  queryPrefix?: string;
  passagePrefix?: string;
  maxTokens?: number;
  /** Told where each setting came from (a flag, a file of the folder, or the catalog). */
  log?: (line: string) => void;
}

interface Resolved {
  pooling: 'cls' | 'mean';
  maxTokens: number;
  dims: number;
}

/** Settings from flags, then the folder's files, then the catalog; disagreements with the graph are refused. */
function resolveSettings(
  sourceDir: string,
  s: FolderSettings,
  graph: GraphInfo,
  known: CatalogEntry | undefined,
  opts: ImportOptions,
): Resolved {
  const log = opts.log ?? (() => undefined);
  const catalog = known ? `the catalog entry for ${known.hubId}` : '';
  const pooling = opts.pooling ?? s.pooling?.value ?? known?.pooling;
  if (!pooling) {
    throw new EngineError(
      'BadInput',
      `Can't tell the pooling of ${sourceDir}: no 1_Pooling/config.json and no catalog entry. Pass --pooling cls|mean.`,
      sourceDir,
    );
  }
  log(`pooling ${pooling} from ${opts.pooling ? '--pooling' : (s.pooling?.file ?? catalog)}`);
  const dims = graph.dims;
  if (!dims) throw new EngineError('BadInput', `Can't tell the embedding size of ${s.onnxPath}.`, s.onnxPath);
  for (const claim of [graph.output === 'last_hidden_state' ? s.hidden : undefined, s.poolingDims]) {
    if (claim && claim.value !== dims) {
      throw new EngineError(
        'BadInput',
        `${claim.file} says ${claim.value} dimensions but ${s.onnxPath} outputs ${dims}: they are not the same model.`,
        claim.file,
      );
    }
  }
  const maxTokens =
    opts.maxTokens ?? s.maxSeqLength?.value ?? known?.maxTokens ?? Math.min(s.maxPositions?.value ?? 512, 512);
  const maxFrom = opts.maxTokens
    ? '--max-tokens'
    : (s.maxSeqLength?.file ?? (known ? catalog : 'the default of 512 or the position table'));
  if (s.maxPositions && maxTokens > s.maxPositions.value) {
    throw new EngineError(
      'BadInput',
      `${maxFrom} asks for ${maxTokens} tokens but ${s.maxPositions.file} has only ${s.maxPositions.value} positions.`,
      s.maxPositions.file,
    );
  }
  log(`max ${maxTokens} tokens from ${maxFrom}`);
  return { pooling, maxTokens, dims };
}

async function checkTokenizer(sourceDir: string, file: string): Promise<number> {
  const maxId = maxTokenId(await readTokenizerJson(file));
  if (maxId < 0) throw new EngineError('BadInput', `${file} has no vocabulary.`, file);
  await TextTokenizer.load(sourceDir);
  return maxId;
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
  const settings = await readFolderSettings(sourceDir, opts.pooling !== undefined);
  const maxId = await checkTokenizer(sourceDir, settings.tokenizerPath);
  const id = opts.id ?? toModelId(basename(sourceDir));
  const known = catalogFor(id, opts.source);
  const graph = await inspectOnnx(settings.onnxPath, maxId);
  const { pooling, maxTokens, dims } = resolveSettings(sourceDir, settings, graph, known, opts);
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
    const manifest: ModelManifest = {
      id,
      architecture: settings.architecture,
      dims,
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
    await writeManifest(staging, manifest);
    // The sums were just computed from these very files: the first load need not hash them again.
    await writeStamp(staging, files);
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

/** Checks every file against the manifest's sha256 sums, hashing them all (no stamp). */
export async function verifyModel(modelDir: string): Promise<ModelManifest> {
  const manifest = await readManifest(modelDir);
  await verifyModelFiles(modelDir, manifest, true);
  return manifest;
}
