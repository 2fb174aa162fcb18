import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { EngineError, fromErrorData, toErrorData } from '../../shared/result';
import type { EngineErrorData } from '../../shared/result';
import { startWorker } from '../util/workers';

/**
 * Parsing a PDF's pages on several threads. pdf.js reads a page's content stream on the thread that asks for it, at
 * some 15 ms a page, so a long PDF read by one thread is bound to one core. Here the thread that reads the file parses
 * pages itself and hands batches of them to helper threads, each holding its own copy of the document; pages come
 * back in order, and no more than a few batches run ahead of the reader, so memory stays that of a few pages.
 */

/** Threads parsing one PDF by default: every core, up to four (beyond that, helpers mostly add memory). */
export function defaultPdfReaders(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/** Fewer pages than this are not worth a helper opening its own copy of the document. */
export const MIN_PARALLEL_PAGES = 16;
const MAX_BATCH = 8;
/** An idle helper is stopped after this long, giving back its pdf.js (some tens of MB). */
const IDLE_MS = 20_000;
const HELPER_HEAP_MB = 1024;

export interface PageTextsInput {
  file: string;
  /** The PDF's bytes; each helper gets a copy. */
  bytes: Uint8Array;
  /** The document opened on this thread: its page count, and pages this thread parses itself. */
  doc: { numPages: number };
  /** Text of one page of `doc`, on this thread. */
  readPage: (n: number) => Promise<string>;
  /** Threads to use, this one included. */
  readers: number;
}

/** A batch of consecutive pages read by a helper: their texts, and the error that stopped it, if one did. */
interface Batch {
  texts: string[];
  error?: EngineErrorData;
}

export type ToPageWorker =
  | { type: 'read'; doc: number; file: string; bytes?: Uint8Array; from: number; to: number }
  | { type: 'close'; doc: number };
export type FromPageWorker = { type: 'pages'; doc: number } & Batch;

/** Texts of all pages in order, parsed by this thread and up to `readers - 1` helpers. */
export async function* pageTexts(input: PageTextsInput): AsyncIterable<{ page: number; text: string }> {
  const pages = input.doc.numPages;
  const helpers = input.readers > 1 && pages >= MIN_PARALLEL_PAGES ? pool.take(input.readers - 1) : [];
  if (helpers.length === 0) {
    for (let n = 1; n <= pages; n++) yield { page: n, text: await input.readPage(n) };
    return;
  }
  const run = new ParallelRead(input, helpers);
  try {
    yield* run.pages();
  } finally {
    run.release();
  }
}

type Slot = { state: 'todo' } | { state: 'running' | 'done'; result: Promise<Batch> };

/** One PDF read by this thread and its helpers: batches handed out in page order, never too far ahead. */
class ParallelRead {
  private readonly id = nextDocId++;
  private readonly size: number;
  private readonly slots: Slot[];
  private readonly window: number;
  private readonly idle: PageHelper[];
  private readonly sent = new Set<PageHelper>();
  private next = 0;
  /** The reading is over: helpers are back in the pool, and take no more batches from it. */
  private released = false;

  constructor(
    private readonly input: PageTextsInput,
    private readonly helpers: PageHelper[],
  ) {
    const readers = helpers.length + 1;
    const pages = input.doc.numPages;
    // Batches small enough that every reader gets several, large enough to keep messages few.
    this.size = Math.max(1, Math.min(MAX_BATCH, Math.ceil(pages / (readers * 4))));
    this.slots = Array.from({ length: Math.ceil(pages / this.size) }, () => ({ state: 'todo' as const }));
    this.window = readers * 2;
    this.idle = [...helpers];
  }

  async *pages(): AsyncIterable<{ page: number; text: string }> {
    for (this.next = 0; this.next < this.slots.length; this.next++) {
      this.feed();
      // While a helper still reads the batch wanted now, this thread reads a later one instead of waiting.
      for (let slot = this.slots[this.next]!; slot.state !== 'done'; slot = this.slots[this.next]!) {
        const todo = slot.state === 'todo' ? this.next : this.nextTodo();
        if (todo === undefined) await (slot as Exclude<Slot, { state: 'todo' }>).result;
        else await this.readHere(todo);
      }
      const batch = await (this.slots[this.next] as { result: Promise<Batch> }).result;
      const first = this.first(this.next);
      for (let i = 0; i < batch.texts.length; i++) yield { page: first + i, text: batch.texts[i]! };
      if (batch.error) throw fromErrorData(batch.error);
    }
  }

  /** Helpers go back to the pool once their batch in flight is done; their copies of the document are dropped. */
  release(): void {
    this.released = true;
    for (const h of this.helpers) h.finish(this.id, this.sent.has(h));
  }

  private first(b: number): number {
    return b * this.size + 1;
  }

  private last(b: number): number {
    return Math.min(this.input.doc.numPages, (b + 1) * this.size);
  }

  private nextTodo(): number | undefined {
    const end = Math.min(this.slots.length, this.next + this.window);
    for (let b = this.next; b < end; b++) if (this.slots[b]!.state === 'todo') return b;
    return undefined;
  }

  /** Every idle helper takes the next batch not yet handed out, if it is within the window. */
  private feed(): void {
    while (this.idle.length > 0 && !this.released) {
      const b = this.nextTodo();
      if (b === undefined) return;
      const helper = this.idle.pop()!;
      const bytes = this.sent.has(helper) ? undefined : this.input.bytes.slice();
      this.sent.add(helper);
      const result = helper
        .read({ type: 'read', doc: this.id, file: this.input.file, bytes, from: this.first(b), to: this.last(b) })
        .then((batch) => {
          this.slots[b] = { state: 'done', result };
          // A helper that stopped (out of memory, say) takes no more batches; its own batch reports why.
          if (!helper.dead) this.idle.push(helper);
          this.feed();
          return batch;
        });
      this.slots[b] = { state: 'running', result };
    }
  }

  private async readHere(b: number): Promise<void> {
    let resolve!: (batch: Batch) => void;
    const result = new Promise<Batch>((r) => (resolve = r));
    this.slots[b] = { state: 'running', result };
    const texts: string[] = [];
    let error: EngineErrorData | undefined;
    for (let n = this.first(b); n <= this.last(b) && !error; n++) {
      try {
        texts.push(await this.input.readPage(n));
      } catch (err) {
        error = toErrorData(err);
      }
    }
    this.slots[b] = { state: 'done', result };
    resolve(error ? { texts, error } : { texts });
    this.feed();
  }
}

let nextDocId = 1;
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** A helper thread with a copy of one document at a time; one batch in flight. */
class PageHelper {
  private readonly worker: Worker;
  /** The batch in flight: who waits for it, what it asked for, and what to do once it is answered. */
  private pending?: { resolve: (b: Batch) => void; msg: Extract<ToPageWorker, { type: 'read' }>; then?: () => void };
  private current?: number;
  dead = false;

  constructor(private readonly onExit: (h: PageHelper) => void) {
    this.worker = startWorker(new URL(`./pdfPageWorker${EXT}`, import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: HELPER_HEAP_MB },
    });
    this.worker.on('message', (msg: FromPageWorker) => this.settle({ texts: msg.texts, error: msg.error }));
    this.worker.on('error', (err: Error & { code?: string }) => this.died(err));
    this.worker.on('exit', (code) => this.died(new Error(`the page reader stopped (exit code ${code})`)));
  }

  read(msg: Extract<ToPageWorker, { type: 'read' }>): Promise<Batch> {
    if (this.dead) return Promise.resolve({ texts: [], error: this.failure(msg, 'the page reader had stopped') });
    this.current = msg.doc;
    this.worker.ref();
    return new Promise<Batch>((resolve) => {
      this.pending = { resolve, msg };
      this.worker.postMessage(msg, msg.bytes ? [msg.bytes.buffer as ArrayBuffer] : []);
    });
  }

  /** The reading of `doc` is over: the helper drops its copy and goes back to the pool when its batch is done. */
  finish(doc: number, opened: boolean): void {
    const done = () => {
      if (this.dead) return;
      if (opened && this.current === doc) this.worker.postMessage({ type: 'close', doc } satisfies ToPageWorker);
      this.current = undefined;
      this.worker.unref();
      pool.give(this);
    };
    if (!this.pending) done();
    else this.pending.then = done;
  }

  terminate(): void {
    this.dead = true;
    void this.worker.terminate();
  }

  private failure(msg: { file: string; from: number; to: number }, reason: string): EngineErrorData {
    const pages = msg.from === msg.to ? `page ${msg.from}` : `pages ${msg.from}-${msg.to}`;
    return toErrorData(
      new EngineError('FileUnreadable', `${msg.file}: can't read ${pages} of the PDF: ${reason}.`, msg.file),
    );
  }

  private settle(batch: Batch): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(batch);
    pending?.then?.();
  }

  private died(err: Error & { code?: string }): void {
    if (this.dead) return;
    this.dead = true;
    const reason =
      err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'reading them needs more memory than a file may use' : err.message;
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ texts: [], error: this.failure(pending.msg, reason) });
    this.onExit(this);
  }
}

/** This thread's idle helpers, started on demand and stopped when idle for a while. */
class HelperPool {
  private readonly idle: PageHelper[] = [];
  private timer?: NodeJS.Timeout;

  take(count: number): PageHelper[] {
    clearTimeout(this.timer);
    const out = this.idle.splice(0, count);
    while (out.length < count) out.push(new PageHelper((h) => this.drop(h)));
    return out;
  }

  give(h: PageHelper): void {
    this.idle.push(h);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.close(), IDLE_MS).unref();
  }

  /** Stops every idle helper (a helper still reading stops when its reading is released). */
  close(): void {
    clearTimeout(this.timer);
    for (const h of this.idle.splice(0)) h.terminate();
  }

  private drop(h: PageHelper): void {
    const i = this.idle.indexOf(h);
    if (i >= 0) this.idle.splice(i, 1);
  }
}

const pool = new HelperPool();

/** Stops this thread's idle PDF page helpers now rather than after their idle time. */
export function closePdfPageHelpers(): void {
  pool.close();
}
