import type { Worker } from 'node:worker_threads';
import { EngineError, fromErrorData, toErrorData } from '../../shared/result';
import { Semaphore } from '../util/semaphore';
import { startWorker } from '../util/workers';
import type { ChunkedPage, ChunkingSpec, DocumentHeader, FromExtractWorker, ToExtractWorker } from './extractProtocol';
import { formatBytes } from './limits';
import { defaultPdfReaders } from './pdfPagePool';

/** A document of a file read in the worker; its pages (with their chunks) arrive as the worker produces them. */
export interface ExtractedDocument extends DocumentHeader {
  pages: AsyncIterable<ChunkedPage>;
}

export interface ExtractedFile {
  /** sha256 of the bytes the worker read. */
  hash: string;
  documents: ExtractedDocument[];
  /** Stops the worker if it is still reading (the indexer gave up on the file); a no-op once it has finished. */
  close(): void;
}

export interface ExtractRequest {
  path: string;
  size: number;
  chunking: ChunkingSpec;
  signal?: AbortSignal;
  /** Reads a page image (PNG) for a PDF page without text; absent, such pages import empty. */
  ocr?: (png: Uint8Array) => Promise<string>;
  /** Pages the worker may have `ocr` read at once (default 1). */
  ocrAtOnce?: number;
}

export interface ExtractPoolOptions {
  /** Worker threads (files read at once). */
  size?: number;
  /** Time one file may take to read and chunk, from its size; OCR time is not counted. */
  budgetMs?: (bytes: number) => number;
  /** Heap limit of a worker: a file that needs more fails alone instead of taking the engine down. */
  maxHeapMb?: number;
  /** Threads that parse one PDF's pages (the file's worker and its helpers); default: the cores, up to 4. */
  pdfReaders?: number;
  /** Told when a file ran over its budget or took its worker down (path and kind only). */
  onFailure?: (path: string, kind: 'timeout' | 'worker') => void;
}

/** Two minutes, and a second more for every megabyte: a 50 MB note gets 170 s, a 500 MB PDF about ten minutes. */
export function defaultBudgetMs(bytes: number): number {
  return 120_000 + Math.ceil(bytes / (1024 * 1024)) * 1000;
}

const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
/** A worker that can't load its reader in this long is broken, whatever the file. */
const STARTUP_MS = 120_000;

/**
 * Worker threads that read, parse and chunk files, one file per worker at a time. The engine's thread only receives
 * pages and chunks, so a file that takes long never delays a search or a cancel; a file over its time budget, or one
 * whose reading runs out of memory or throws outside the readers' care, fails with a message naming it, and its
 * worker is replaced.
 */
export class ExtractPool {
  private readonly slots: Semaphore;
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private closed = false;

  constructor(private readonly opts: ExtractPoolOptions = {}) {
    this.slots = new Semaphore(opts.size ?? 2);
  }

  /** Resolves with the file's documents once the worker has read it; pages follow as they are chunked. */
  async extract(req: ExtractRequest): Promise<ExtractedFile> {
    if (this.closed) throw new EngineError('Cancelled', 'The engine is closing.');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slot = new Promise<void>((acquired) => void this.slots.run(() => (acquired(), held)));
    await slot;
    if (req.signal?.aborted) {
      release();
      throw new EngineError('Cancelled', 'Import cancelled.');
    }
    let worker: Worker;
    try {
      worker = this.idle.pop() ?? startWorker(new URL(`./extractWorker${EXT}`, import.meta.url), this.workerOptions());
    } catch (err) {
      release();
      throw err;
    }
    this.busy.add(worker);
    worker.ref();
    const finish = (healthy: boolean) => {
      this.busy.delete(worker);
      if (healthy && !this.closed) {
        // An idle worker must not keep a CLI run alive.
        worker.unref();
        this.idle.push(worker);
      } else void worker.terminate();
      release();
    };
    const pdfReaders = this.opts.pdfReaders ?? defaultPdfReaders();
    const session = new Session(worker, req, this.opts.budgetMs ?? defaultBudgetMs, finish, this.opts.onFailure);
    return session.start(pdfReaders);
  }

  private workerOptions() {
    return { resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb ?? 2048 } };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle.splice(0), ...this.busy].map((w) => w.terminate()));
    this.busy.clear();
  }
}

type Event = Extract<FromExtractWorker, { type: 'page' | 'docEnd' | 'end' }>;

/** One file in one worker: its messages queued until the indexer asks for them, its budget, its cancel. */
class Session {
  private readonly events: Event[] = [];
  private waiter?: () => void;
  private failure?: EngineError;
  private done = false;
  private onHeader?: { resolve: (f: ExtractedFile) => void; reject: (e: EngineError) => void };
  private readonly budget: number;
  private spent = 0;
  private runningSince?: number;
  private timer?: NodeJS.Timeout;
  private pagesRead = 0;
  private ocrPages = 0;
  private readonly cleanup: Array<() => void> = [];

  constructor(
    private readonly worker: Worker,
    private readonly req: ExtractRequest,
    budgetMs: (bytes: number) => number,
    private readonly finish: (healthy: boolean) => void,
    private readonly onFailure?: (path: string, kind: 'timeout' | 'worker') => void,
  ) {
    this.budget = budgetMs(req.size);
  }

  start(pdfReaders: number): Promise<ExtractedFile> {
    const header = new Promise<ExtractedFile>((resolve, reject) => (this.onHeader = { resolve, reject }));
    const onMessage = (msg: FromExtractWorker) => void this.onMessage(msg);
    const onError = (err: Error) => this.workerFailed(err);
    const onExit = (code: number) => this.workerFailed(new Error(`the reading thread stopped (exit code ${code})`));
    const onAbort = () => this.fail(new EngineError('Cancelled', 'Import cancelled.'), false);
    this.worker.on('message', onMessage);
    this.worker.on('error', onError);
    this.worker.on('exit', onExit);
    this.req.signal?.addEventListener('abort', onAbort);
    this.cleanup.push(
      () => this.worker.off('message', onMessage),
      () => this.worker.off('error', onError),
      () => this.worker.off('exit', onExit),
      () => this.req.signal?.removeEventListener('abort', onAbort),
    );
    // Loading the reader and the tokenizer (and, from sources, compiling the worker) is not the file's time.
    this.timer = setTimeout(() => this.workerFailed(new Error('the reader did not start')), STARTUP_MS);
    const { path, chunking, ocr, ocrAtOnce = 1 } = this.req;
    const msg: ToExtractWorker = { type: 'extract', path, chunking, ocr: !!ocr, ocrAtOnce, pdfReaders };
    this.worker.postMessage(msg);
    return header;
  }

  private async onMessage(msg: FromExtractWorker): Promise<void> {
    if (this.done) return;
    if (msg.type === 'reading') {
      clearTimeout(this.timer);
      this.resume();
    } else if (msg.type === 'documents') {
      const documents = msg.documents.map((d, i) => ({ ...d, pages: this.pagesOf(i) }));
      const close = () => this.fail(new EngineError('Cancelled', 'Reading stopped.'), false);
      this.onHeader?.resolve({ hash: msg.hash, documents, close });
    } else if (msg.type === 'error') {
      this.fail(fromErrorData(msg.error), true);
    } else if (msg.type === 'ocr') {
      await this.runOcr(msg.id, msg.png);
    } else {
      if (msg.type === 'page') this.pagesRead++;
      if (msg.type === 'end') this.end();
      this.events.push(msg);
      this.wake();
    }
  }

  /** OCR runs in the engine's OCR workers; its time is not the file's budget (paused while any page is in OCR). */
  private async runOcr(id: number, png: Uint8Array): Promise<void> {
    if (this.ocrPages++ === 0) this.pause();
    const reply: ToExtractWorker = { type: 'ocrText', id };
    try {
      reply.text = await this.req.ocr!(png);
    } catch (err) {
      reply.error = toErrorData(err);
    }
    if (this.done) return;
    if (--this.ocrPages === 0) this.resume();
    this.worker.postMessage(reply);
  }

  private async *pagesOf(doc: number): AsyncIterable<ChunkedPage> {
    for (;;) {
      const event = await this.nextEvent();
      if (!event || event.type === 'end') return;
      if (event.type === 'docEnd' && event.doc === doc) return;
      if (event.type === 'page' && event.doc === doc) yield event.page;
      // Events of documents before this one belong to documents the indexer skipped (already complete).
    }
  }

  private async nextEvent(): Promise<Event | undefined> {
    while (this.events.length === 0 && !this.failure && !(this.done && this.events.length === 0)) {
      await new Promise<void>((r) => (this.waiter = r));
    }
    if (this.failure) throw this.failure;
    return this.events.shift();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private resume(): void {
    this.runningSince = performance.now();
    this.timer = setTimeout(() => this.overBudget(), Math.max(0, this.budget - this.spent));
  }

  private pause(): void {
    clearTimeout(this.timer);
    if (this.runningSince !== undefined) this.spent += performance.now() - this.runningSince;
    this.runningSince = undefined;
  }

  private overBudget(): void {
    const at = this.pagesRead ? ` (stopped after ${this.pagesRead} page(s))` : '';
    this.onFailure?.(this.req.path, 'timeout');
    this.fail(
      new EngineError(
        'FileUnreadable',
        `${this.req.path}: reading it took longer than its ${seconds(this.budget)} limit${at}; the file may be damaged or built to stall readers, and was skipped.`,
        this.req.path,
      ),
      false,
    );
  }

  private workerFailed(err: Error & { code?: string }): void {
    if (this.done) return;
    this.onFailure?.(this.req.path, 'worker');
    const reason =
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `it needs more memory than a file may use (${formatBytes(this.req.size)} on disk)`
        : err.message;
    this.fail(new EngineError('FileUnreadable', `${this.req.path}: can't read it: ${reason}.`, this.req.path), false);
  }

  /** The worker finished the file: it can take the next one. */
  private end(): void {
    this.pause();
    this.done = true;
    this.release(true);
  }

  /** `healthy`: the worker reported the error itself and can be reused; otherwise it is stopped. */
  private fail(error: EngineError, healthy: boolean): void {
    if (this.done) return;
    this.pause();
    this.done = true;
    this.failure = error;
    this.onHeader?.reject(error);
    this.wake();
    this.release(healthy);
  }

  private release(healthy: boolean): void {
    for (const undo of this.cleanup.splice(0)) undo();
    this.finish(healthy);
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
