import { readFile } from 'node:fs/promises';
import './ortEnv';
import type * as Ort from 'onnxruntime-node';
import { EngineError } from '../../shared/result';

export interface GraphInfo {
  inputs: string[];
  output: string;
  dims?: number;
  quantized: boolean;
}

const QUANT_OPS = ['MatMulInteger', 'DynamicQuantizeLinear', 'QLinearMatMul', 'MatMulNBits', 'QuantizeLinear'];
const SUPPORTED_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'];

function probeFeeds(ort: typeof Ort, inputs: string[], ids: bigint[]): Record<string, Ort.Tensor> {
  const feeds: Record<string, Ort.Tensor> = {};
  for (const name of inputs) {
    const data = name === 'input_ids' ? ids : name === 'token_type_ids' ? ids.map(() => 0n) : ids.map(() => 1n);
    feeds[name] = new ort.Tensor('int64', BigInt64Array.from(data), [1, ids.length]);
  }
  return feeds;
}

/**
 * Loads the graph once to learn its input names and width, so the manifest describes what will really run. The probe
 * row holds the tokenizer's highest id: a graph whose embedding table is smaller than the tokenizer's vocabulary
 * fails here, at import, instead of on the first text that happens to use a high id.
 */
export async function inspectOnnx(file: string, maxTokenId: number): Promise<GraphInfo> {
  // The runtime loads here, not with the module: only a model import inspects a graph in this thread.
  const ort = await import('onnxruntime-node');
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      logSeverityLevel: 4,
    });
  } catch (err) {
    throw new EngineError('BadInput', `${file} is not a loadable ONNX model: ${(err as Error).message}`, file);
  }
  try {
    const inputs = [...session.inputNames];
    const output = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0];
    if (!inputs.includes('input_ids') || !output) {
      throw new EngineError('BadInput', `${file} is not a text encoder (inputs: ${inputs.join(', ')}).`, file);
    }
    const unknown = inputs.filter((n) => !SUPPORTED_INPUTS.includes(n));
    if (unknown.length > 0) {
      throw new EngineError('BadInput', `${file} needs inputs Clinote does not feed: ${unknown.join(', ')}.`, file);
    }
    let result: Ort.InferenceSession.OnnxValueMapType;
    try {
      result = await session.run(probeFeeds(ort, inputs, [0n, BigInt(maxTokenId)]), [output]);
    } catch (err) {
      const msg = (err as Error).message;
      const message = /out of (data )?bounds|out of range/i.test(msg)
        ? `${file} does not fit tokenizer.json: its embedding table is smaller than the tokenizer's vocabulary (token id ${maxTokenId} is out of range).`
        : `${file} fails on a two-token input: ${msg}`;
      throw new EngineError('BadInput', message, file);
    }
    const dims = result[output]?.dims.at(-1);
    const bytes = await readFile(file);
    const quantized = QUANT_OPS.some((op) => bytes.includes(op));
    return { inputs, output, dims, quantized };
  } finally {
    await session.release();
  }
}
