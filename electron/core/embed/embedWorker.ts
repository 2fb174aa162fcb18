import { parentPort } from 'node:worker_threads';
import { EngineError } from '../../shared/result';
import { verifyModelFiles } from './integrity';
import { encodeLimit, readManifest } from './manifest';
import { OnnxEncoder } from './onnxEncoder';
import { TextTokenizer } from './tokenizer';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

// Tokenization and inference both run here, so the thread that answers requests never blocks on them.
const port = parentPort!;
let encoder: OnnxEncoder | undefined;
let tokenizer: TextTokenizer | undefined;

const reply = (msg: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

port.on('message', (req: WorkerRequest) => {
  void handle(req).catch((err: unknown) => {
    const id = req.type === 'embed' ? req.id : undefined;
    const kind = err instanceof EngineError ? err.kind : 'Internal';
    reply({ type: 'error', id, message: (err as Error).message, kind });
  });
});

async function handle(req: WorkerRequest): Promise<void> {
  if (req.type === 'init') {
    const manifest = await readManifest(req.modelDir);
    // Checked here, off the engine's thread and only when the model is first used, so start-up stays fast.
    await verifyModelFiles(req.modelDir, manifest);
    tokenizer = await TextTokenizer.load(req.modelDir);
    encoder = await OnnxEncoder.load(req.modelDir, manifest, { threads: req.threads });
    reply({ type: 'ready', dims: manifest.dims });
    return;
  }
  if (req.type === 'close') {
    await encoder?.release();
    port.close();
    return;
  }
  if (!encoder || !tokenizer) throw new Error('The embedding worker was not initialised.');
  const { manifest } = encoder;
  const prefix = req.kind === 'query' ? manifest.queryPrefix : manifest.passagePrefix;
  const rows = req.texts.map((t) => tokenizer!.encode(prefix + t, encodeLimit(manifest)));
  const vectors = await encoder.embed(rows);
  const tokens = rows.reduce((s, r) => s + r.length, 0);
  reply({ type: 'embedded', id: req.id, vectors, tokens }, [vectors.buffer as ArrayBuffer]);
}
