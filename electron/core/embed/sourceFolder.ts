import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../../shared/result';

/** Settings read from a Hugging Face / sentence-transformers model folder. Missing files give undefined fields. */
export interface FolderSettings {
  onnxPath: string;
  architecture: string;
  hidden?: number;
  maxPositions?: number;
  pooling?: 'cls' | 'mean';
  normalize?: boolean;
  maxSeqLength?: number;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch (err) {
    throw new EngineError('BadInput', `${file} is not valid JSON: ${(err as Error).message}`, file);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Where exporters put the graph: the folder itself, or onnx/ as on the Hub. */
export async function findOnnx(dir: string): Promise<string> {
  for (const candidate of ['model.onnx', 'onnx/model.onnx', 'model_quantized.onnx', 'onnx/model_quantized.onnx']) {
    if (await exists(join(dir, candidate))) return join(dir, candidate);
  }
  throw new EngineError(
    'ModelMissing',
    `${dir} has no model.onnx (looked in the folder and in onnx/). Export the model to ONNX first, e.g. with optimum-cli export onnx.`,
    dir,
  );
}

function poolingFrom(cfg: Record<string, unknown> | undefined): 'cls' | 'mean' | undefined {
  if (!cfg) return undefined;
  if (cfg.pooling_mode_cls_token === true) return 'cls';
  if (cfg.pooling_mode_mean_tokens === true) return 'mean';
  return undefined;
}

/** Reads config.json, modules.json, the Pooling module's config and sentence_bert_config.json when present. */
export async function readFolderSettings(dir: string): Promise<FolderSettings> {
  const onnxPath = await findOnnx(dir);
  if (!(await exists(join(dir, 'tokenizer.json')))) {
    throw new EngineError('ModelMissing', `${dir} has no tokenizer.json.`, dir);
  }
  const config = await readJson(join(dir, 'config.json'));
  const modules = (await readJson(join(dir, 'modules.json'))) as unknown as Array<Record<string, string>> | undefined;
  let pooling: 'cls' | 'mean' | undefined;
  let normalize: boolean | undefined;
  if (Array.isArray(modules)) {
    const poolingModule = modules.find((m) => String(m.type).endsWith('.Pooling'));
    if (poolingModule)
      pooling = poolingFrom(await readJson(join(dir, poolingModule.path ?? '1_Pooling', 'config.json')));
    normalize = modules.some((m) => String(m.type).endsWith('.Normalize'));
  }
  pooling ??= poolingFrom(await readJson(join(dir, '1_Pooling', 'config.json')));
  const sbert = await readJson(join(dir, 'sentence_bert_config.json'));
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    onnxPath,
    architecture: typeof config?.model_type === 'string' ? config.model_type : 'bert',
    hidden: num(config?.hidden_size),
    maxPositions: num(config?.max_position_embeddings),
    pooling,
    normalize,
    maxSeqLength: num(sbert?.max_seq_length),
  };
}
