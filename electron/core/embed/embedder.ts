import './ortEnv';
import type { Worker } from 'node:worker_threads';
import { EngineError } from '../../shared/result';
import type { ErrorKind } from '../../shared/result';
import { startWorker } from '../util/workers';
import type { ModelManifest } from './manifest';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

export type EmbedKind = 'query' | 'passage';

export interface Embedder {
  readonly manifest: ModelManifest;
  /** L2-normalised vectors (when the model normalises), one per text, in order. */
  embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]>;
  /** Tokens embedded so far, for throughput figures. */
  readonly tokensEmbedded: number;
  close(): Promise<void>;
}

interface Job {
  texts: string[];
  kind: EmbedKind;
  resolve: (v: Float32Array[]) => void;
  reject: (e: Error) => void;
}

// Passage work is cut into slices so a query never waits behind a whole document's worth of chunks.
const SLICE = 48;

/** Embeds in a worker thread; queries jump ahead of queued passage slices. */
export class WorkerEmbedder implements Embedder {
  tokensEmbedded = 0;
  private readonly queue: Job[] = [];
  private inFlight: { id: number; jobs: Job[] } | undefined;
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    readonly manifest: ModelManifest,
  ) {
    worker.on('message', (msg: WorkerResponse) => this.onMessage(msg));
    worker.on('error', (err) => this.failAll(new EngineError('Internal', `Embedding worker failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (!this.closed) this.failAll(new EngineError('Internal', `Embedding worker exited (code ${code}).`));
    });
  }

  static async start(modelDir: string, manifest: ModelManifest, threads: number): Promise<WorkerEmbedder> {
    const worker = startWorker(new URL('./embedWorker' + extOf(import.meta.url), import.meta.url));
    await new Promise<void>((resolve, reject) => {
      const onMsg = (msg: WorkerResponse) => {
        worker.off('message', onMsg);
        if (msg.type === 'ready') resolve();
        else if (msg.type === 'error') reject(new EngineError(msg.kind as ErrorKind, msg.message));
      };
      worker.on('message', onMsg);
      worker.once('error', reject);
      worker.postMessage({ type: 'init', modelDir, threads } satisfies WorkerRequest);
    }).catch(async (err: unknown) => {
      await worker.terminate();
      throw err;
    });
    return new WorkerEmbedder(worker, manifest);
  }

  async embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    if (this.closed) throw new EngineError('Internal', 'The embedder is closed.');
    const slices: Promise<Float32Array[]>[] = [];
    for (let i = 0; i < texts.length; i += SLICE) {
      const part = texts.slice(i, i + SLICE);
      slices.push(
        new Promise((resolve, reject) => {
          const job: Job = { texts: part, kind, resolve, reject };
          if (kind === 'query') this.queue.unshift(job);
          else this.queue.push(job);
        }),
      );
    }
    this.pump();
    return (await Promise.all(slices)).flat();
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const first = this.queue.shift()!;
    const jobs = [first];
    // Short documents (a note is a few chunks) arrive as small slices; grouping them gives the worker batches it
    // can bucket by length, as long as the group stays within one slice.
    let size = first.texts.length;
    while (this.queue[0]?.kind === first.kind && size + this.queue[0].texts.length <= SLICE) {
      size += this.queue[0].texts.length;
      jobs.push(this.queue.shift()!);
    }
    const id = this.nextId++;
    this.inFlight = { id, jobs };
    const texts = jobs.length === 1 ? first.texts : jobs.flatMap((j) => j.texts);
    this.worker.postMessage({ type: 'embed', id, texts, kind: first.kind } satisfies WorkerRequest);
  }

  private onMessage(msg: WorkerResponse): void {
    const current = this.inFlight;
    if (!current || (msg.type !== 'embedded' && msg.type !== 'error') || msg.id !== current.id) return;
    this.inFlight = undefined;
    if (msg.type === 'embedded') {
      this.tokensEmbedded += msg.tokens;
      const dims = this.manifest.dims;
      let at = 0;
      for (const job of current.jobs) {
        const rows: Float32Array[] = [];
        for (let i = 0; i < job.texts.length; i++, at++) rows.push(msg.vectors.subarray(at * dims, (at + 1) * dims));
        job.resolve(rows);
      }
    } else {
      for (const job of current.jobs) job.reject(new EngineError(msg.kind as ErrorKind, msg.message));
    }
    this.pump();
  }

  private failAll(err: Error): void {
    for (const job of this.inFlight?.jobs ?? []) job.reject(err);
    this.inFlight = undefined;
    for (const job of this.queue.splice(0)) job.reject(err);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new EngineError('Cancelled', 'The embedder was closed.'));
    await this.worker.terminate();
  }
}

function extOf(url: string): string {
  return url.endsWith('.ts') ? '.ts' : '.js';
}
