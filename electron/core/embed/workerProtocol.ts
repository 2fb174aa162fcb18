/** Messages between the engine thread and the embedding worker. */
export type WorkerRequest =
  | { type: 'init'; modelDir: string; threads: number }
  | { type: 'embed'; id: number; texts: string[]; kind: 'query' | 'passage' }
  | { type: 'close' };

export type WorkerResponse =
  | { type: 'ready'; dims: number }
  | { type: 'embedded'; id: number; vectors: Float32Array; tokens: number }
  | { type: 'error'; id?: number; message: string; kind: string };
