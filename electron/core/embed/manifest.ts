import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../shared/result';

export const MANIFEST_FILE = 'manifest.json';

export const manifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash and underscore only'),
  architecture: z.string().min(1),
  dims: z.number().int().positive(),
  pooling: z.enum(['cls', 'mean']),
  normalize: z.boolean(),
  maxTokens: z.number().int().min(8),
  queryPrefix: z.string(),
  passagePrefix: z.string(),
  quantization: z.enum(['fp32', 'int8', 'fp16']),
  /** Input names the ONNX graph declares (ModernBERT has no token_type_ids). */
  inputs: z.array(z.string()).min(1),
  output: z.string().min(1),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest')),
  source: z.string(),
  licence: z.string(),
  createdAt: z.string(),
});

export type ModelManifest = z.infer<typeof manifestSchema>;

/**
 * The most tokens one text is encoded with. Long-context encoders (ModernBERT: 8,192) are exported with full
 * attention matrices, so memory grows with the square of the length: 376 MB of process at 1,024 tokens, 2.4 GB at
 * 4,096, 9 GB at 8,192 (measured with a ModernBERT-shaped graph). What the long context buys is a chunk never
 * truncated, not one vector for a whole document.
 */
export const MAX_ENCODE_TOKENS = 1024;

/** Tokens a text is cut to before encoding: the model's own limit, never past MAX_ENCODE_TOKENS. */
export function encodeLimit(manifest: ModelManifest): number {
  return Math.min(manifest.maxTokens, MAX_ENCODE_TOKENS);
}

export async function readManifest(modelDir: string): Promise<ModelManifest> {
  const file = join(modelDir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new EngineError('ModelMissing', `No model manifest at ${file}.`, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new EngineError('BadInput', `${file} is not valid JSON: ${(err as Error).message}`, file);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '?';
    throw new EngineError('BadInput', `${file}: field "${field}" ${issue?.message ?? 'is invalid'}.`, file);
  }
  return parsed.data;
}

export async function writeManifest(modelDir: string, manifest: ModelManifest): Promise<void> {
  await writeFile(join(modelDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}
