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

/** Loads the graph once to learn its input names and width, so the manifest describes what will really run. */
export async function inspectOnnx(file: string): Promise<GraphInfo> {
  // The runtime loads here, not with the module: only a model import inspects a graph in this thread.
  const ort = await import('onnxruntime-node');
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  } catch (err) {
    throw new EngineError('BadInput', `${file} is not a loadable ONNX model: ${(err as Error).message}`, file);
  }
  try {
    const inputs = [...session.inputNames];
    const output = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0];
    if (!inputs.includes('input_ids') || !output) {
      throw new EngineError('BadInput', `${file} is not a text encoder (inputs: ${inputs.join(', ')}).`, file);
    }
    const feeds: Record<string, Ort.Tensor> = {};
    for (const name of inputs) {
      const data = name === 'token_type_ids' ? [0n, 0n] : [1n, 1n];
      feeds[name] = new ort.Tensor('int64', BigInt64Array.from(data), [1, 2]);
    }
    const result = await session.run(feeds, [output]);
    const dims = result[output]?.dims.at(-1);
    const bytes = await readFile(file);
    const quantized = QUANT_OPS.some((op) => bytes.includes(op));
    return { inputs, output, dims, quantized };
  } finally {
    await session.release();
  }
}
