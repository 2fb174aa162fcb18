import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EngineError } from '../../shared/result';
import { catalogByHubId, toModelId } from './catalog';
import type { ModelManifest } from './manifest';
import { importModel } from './models';

const HUB = 'https://huggingface.co';
const OPTIONAL = [
  'tokenizer_config.json',
  'special_tokens_map.json',
  'config.json',
  'modules.json',
  '1_Pooling/config.json',
  'sentence_bert_config.json',
];

async function download(url: string, to: string, required: boolean): Promise<boolean> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000), redirect: 'follow' });
  } catch (err) {
    throw new EngineError(
      'Offline',
      `Can't reach the Hugging Face Hub (${(err as Error).cause ?? (err as Error).message}).`,
    );
  }
  if (!res.ok) {
    if (!required) return false;
    throw new EngineError('ModelMissing', `The Hub has no ${url.slice(HUB.length + 1)} (HTTP ${res.status}).`, url);
  }
  await mkdir(dirname(to), { recursive: true });
  await writeFile(to, new Uint8Array(await res.arrayBuffer()));
  return true;
}

/**
 * Downloads a model from the Hugging Face Hub (an explicit action of the user; nothing else in Clinote goes online)
 * and imports it. Models published without an ONNX export must be exported first and imported from a folder.
 */
export async function fetchModel(hubId: string, modelsDir: string): Promise<ModelManifest> {
  const staging = join(modelsDir, `.download-${toModelId(hubId)}-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  try {
    const base = `${HUB}/${hubId}/resolve/main`;
    await download(`${base}/tokenizer.json`, join(staging, 'tokenizer.json'), true);
    for (const f of OPTIONAL) await download(`${base}/${f}`, join(staging, f), false);
    const gotOnnx =
      (await download(`${base}/onnx/model.onnx`, join(staging, 'model.onnx'), false)) ||
      (await download(`${base}/model.onnx`, join(staging, 'model.onnx'), false));
    if (!gotOnnx) {
      throw new EngineError(
        'ModelMissing',
        `${hubId} has no ONNX export on the Hub. Export it (optimum-cli export onnx --model ${hubId} DIR) and run: clinote model import DIR`,
        hubId,
      );
    }
    const known = catalogByHubId(hubId);
    return await importModel(staging, modelsDir, { id: known?.id ?? toModelId(hubId), source: hubId });
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'Offline') {
      throw new EngineError(
        'Offline',
        `${err.message} Download the model folder on a connected machine and run: clinote model import <folder>`,
      );
    }
    throw err;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
