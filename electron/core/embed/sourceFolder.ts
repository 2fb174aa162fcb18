import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../../shared/result';

/** A setting read from a file, with the file it came from so a later disagreement can name it. */
export interface FromFile<T> {
  value: T;
  file: string;
}

/** Settings read from a Hugging Face / sentence-transformers model folder. Missing files give undefined fields. */
export interface FolderSettings {
  onnxPath: string;
  tokenizerPath: string;
  architecture: string;
  /** config.json's hidden_size. */
  hidden?: FromFile<number>;
  maxPositions?: FromFile<number>;
  pooling?: FromFile<'cls' | 'mean'>;
  /** The Pooling module's word_embedding_dimension. */
  poolingDims?: FromFile<number>;
  normalize?: boolean;
  maxSeqLength?: FromFile<number>;
}

/** Reads a JSON object; undefined when the file is absent, a BadInput naming the file when it is not an object. */
export async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new EngineError('BadInput', `${file} is not valid JSON: ${(err as Error).message}`, file);
  }
  if (typeof json !== 'object' || json === null) {
    throw new EngineError('BadInput', `${file} is not a JSON object or array.`, file);
  }
  return json as Record<string, unknown>;
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

// sentence-transformers' Pooling flags, in the order it applies them; Clinote runs the first two.
const POOLING_FLAGS: Array<[string, string]> = [
  ['pooling_mode_cls_token', 'cls'],
  ['pooling_mode_mean_tokens', 'mean'],
  ['pooling_mode_max_tokens', 'max'],
  ['pooling_mode_mean_sqrt_len_tokens', 'mean_sqrt_len'],
  ['pooling_mode_weightedmean_tokens', 'weightedmean'],
  ['pooling_mode_lasttoken', 'lasttoken'],
];

/** The one pooling mode a Pooling config turns on; anything Clinote does not run is refused, naming the file. */
export function poolingFrom(cfg: Record<string, unknown>, file: string): 'cls' | 'mean' {
  const named = typeof cfg.pooling_mode === 'string' ? [cfg.pooling_mode] : [];
  const on = [...named, ...POOLING_FLAGS.filter(([key]) => cfg[key] === true).map(([, mode]) => mode)];
  const modes = [...new Set(on)];
  if (modes.length === 1 && (modes[0] === 'cls' || modes[0] === 'mean')) return modes[0];
  const why =
    modes.length === 0
      ? 'turns no pooling mode on'
      : modes.length > 1
        ? `turns on several pooling modes (${modes.join(', ')}); Clinote runs exactly one`
        : `names pooling mode "${modes[0]}", which Clinote does not run (it runs cls or mean)`;
  throw new EngineError('BadInput', `${file} ${why}. Fix the file or pass --pooling cls|mean.`, file);
}

function numberIn(cfg: Record<string, unknown> | undefined, key: string, file: string): FromFile<number> | undefined {
  const v = cfg?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new EngineError(
      'BadInput',
      `${file}: field "${key}" must be a positive integer, not ${JSON.stringify(v)}.`,
      file,
    );
  }
  return { value: v, file };
}

interface PoolingRead {
  pooling?: FromFile<'cls' | 'mean'>;
  poolingDims?: FromFile<number>;
  normalize?: boolean;
}

/** modules.json names the Pooling module's folder; without modules.json, 1_Pooling/ is the convention. */
async function readPooling(dir: string, skipPooling: boolean): Promise<PoolingRead> {
  const modulesFile = join(dir, 'modules.json');
  const modules = await readJson(modulesFile);
  if (modules !== undefined && !Array.isArray(modules)) {
    throw new EngineError('BadInput', `${modulesFile} must be a JSON array of modules.`, modulesFile);
  }
  const list = (modules ?? []) as Array<Record<string, unknown>>;
  const poolingModule = list.find((m) => String(m.type).endsWith('.Pooling'));
  const normalize = modules ? list.some((m) => String(m.type).endsWith('.Normalize')) : undefined;
  const file = join(dir, typeof poolingModule?.path === 'string' ? poolingModule.path : '1_Pooling', 'config.json');
  const cfg = await readJson(file);
  if (!cfg) {
    if (poolingModule && !skipPooling) {
      throw new EngineError('ModelMissing', `${modulesFile} names a Pooling module but ${file} is missing.`, file);
    }
    return { normalize };
  }
  return {
    pooling: skipPooling ? undefined : { value: poolingFrom(cfg, file), file },
    poolingDims: numberIn(cfg, 'word_embedding_dimension', file),
    normalize,
  };
}

/**
 * Reads config.json, modules.json, the Pooling module's config and sentence_bert_config.json when present.
 * `poolingGiven` skips judging the folder's pooling mode (an explicit --pooling overrides it).
 */
export async function readFolderSettings(dir: string, poolingGiven = false): Promise<FolderSettings> {
  const onnxPath = await findOnnx(dir);
  const tokenizerPath = join(dir, 'tokenizer.json');
  if (!(await exists(tokenizerPath))) {
    throw new EngineError('ModelMissing', `${dir} has no tokenizer.json.`, tokenizerPath);
  }
  const configFile = join(dir, 'config.json');
  const config = await readJson(configFile);
  const sbertFile = join(dir, 'sentence_bert_config.json');
  const sbert = await readJson(sbertFile);
  return {
    onnxPath,
    tokenizerPath,
    architecture: typeof config?.model_type === 'string' ? config.model_type : 'bert',
    hidden: numberIn(config, 'hidden_size', configFile),
    maxPositions: numberIn(config, 'max_position_embeddings', configFile),
    ...(await readPooling(dir, poolingGiven)),
    maxSeqLength: numberIn(sbert, 'max_seq_length', sbertFile),
  };
}
