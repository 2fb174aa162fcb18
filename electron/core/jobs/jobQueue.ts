import { EventEmitter } from 'node:events';
import { EngineError, toErrorData } from '../../shared/result';
import type { FileError, ImportSummary, JobProgress } from '../../shared/types';
import type { FileOutcome } from '../ingest/indexer';

export interface JobWork {
  /** Files to process; resolved when the job starts. */
  files: () => Promise<{ files: string[]; missing: string[] }>;
  processFile: (
    file: string,
    ctx: { signal: AbortSignal; onPage: (page: number, of?: number) => void; onChunks: (n: number) => void },
  ) => Promise<FileOutcome>;
  onFileError: (file: string, error: FileError) => Promise<void>;
  /** Runs once after the last file (optimise indexes, clear the journal). */
  finish?: (summary: ImportSummary) => Promise<void>;
}

interface Job {
  id: string;
  work: JobWork;
  progress: JobProgress;
  summary: ImportSummary;
  abort: AbortController;
  paused: boolean;
  /** Workers waiting at the pause gate; every one of them goes on when the job resumes or is cancelled. */
  waiting: Array<() => void>;
  started: number;
  /** How far each file in progress is (0..1), from its page count when known, for the ETA. */
  partial: Map<string, number>;
}

/**
 * One job at a time, files within a job several at a time (so the embedding worker always has work queued, and
 * short notes reach it together in full batches, while the next files are read and chunked). Emits `progress` (throttled) and `done`.
 */
export class JobQueue extends EventEmitter {
  private readonly jobs = new Map<string, Job>();
  private readonly pending: Job[] = [];
  private running = false;
  private nextId = 1;

  constructor(private readonly concurrency = 8) {
    super();
  }

  enqueue(work: JobWork): string {
    const id = `job-${Date.now().toString(36)}-${this.nextId++}`;
    const progress: JobProgress = {
      jobId: id,
      state: 'queued',
      filesTotal: 0,
      filesDone: 0,
      filesActive: 0,
      pagesDone: 0,
      chunksDone: 0,
      errors: [],
    };
    const summary: ImportSummary = {
      jobId: id,
      added: 0,
      updated: 0,
      unchanged: 0,
      removed: 0,
      failed: [],
      cancelled: false,
    };
    const job: Job = {
      id,
      work,
      progress,
      summary,
      abort: new AbortController(),
      paused: false,
      waiting: [],
      started: 0,
      partial: new Map(),
    };
    this.jobs.set(id, job);
    this.pending.push(job);
    this.emitProgress(job, true);
    void this.drain();
    return id;
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((j) => ({ ...j.progress, errors: [...j.progress.errors] }));
  }

  cancel(id: string): void {
    const job = this.mustGet(id);
    job.abort.abort();
    this.release(job);
  }

  setPaused(id: string, paused: boolean): void {
    const job = this.mustGet(id);
    job.paused = paused;
    if (!paused) this.release(job);
    job.progress.state = paused ? 'paused' : job.progress.state === 'paused' ? 'running' : job.progress.state;
    this.emitProgress(job, true);
  }

  /** Resolves when every queued job has finished. */
  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.once('idle', resolve));
  }

  waitFor(id: string): Promise<ImportSummary> {
    const job = this.mustGet(id);
    if (['done', 'cancelled', 'failed'].includes(job.progress.state)) return Promise.resolve(job.summary);
    return new Promise((resolve) => {
      const onDone = (s: ImportSummary) => {
        if (s.jobId !== id) return;
        this.off('done', onDone);
        resolve(s);
      };
      this.on('done', onDone);
    });
  }

  private mustGet(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new EngineError('BadInput', `No job "${id}".`, id);
    return job;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.pending.shift(); job; job = this.pending.shift()) await this.run(job);
    } finally {
      this.running = false;
      this.emit('idle');
    }
  }

  private async run(job: Job): Promise<void> {
    const { progress, summary } = job;
    job.started = performance.now();
    // A job paused while it was still queued starts paused.
    progress.state = job.paused ? 'paused' : 'running';
    let failed = false;
    try {
      const { files, missing } = await job.work.files();
      progress.filesTotal = files.length + missing.length;
      for (const m of missing)
        await this.recordError(job, m, new EngineError('FileUnreadable', `${m}: no such file or folder.`, m));
      let next = 0;
      const worker = async () => {
        while (next < files.length && !job.abort.signal.aborted) {
          await this.gate(job);
          // Another worker may have taken the last file while this one waited at the gate.
          if (job.abort.signal.aborted || next >= files.length) break;
          const file = files[next++]!;
          progress.currentFile = file;
          await this.processOne(job, file);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, files.length) }, worker));
      summary.cancelled = job.abort.signal.aborted;
    } catch (err) {
      failed = true;
      progress.errors.push({ path: '', ...pickError(err) });
    }
    progress.currentFile = undefined;
    // The job's own ending (its last commit, index upkeep, the journal) is part of it: "done" is said once it ran.
    await job.work.finish?.(summary).catch(() => undefined);
    progress.state = failed ? 'failed' : summary.cancelled ? 'cancelled' : 'done';
    progress.etaSeconds = 0;
    this.emitProgress(job, true);
    this.emit('done', { ...summary, failed: [...summary.failed] });
  }

  private async processOne(job: Job, file: string): Promise<void> {
    const { progress, summary } = job;
    progress.filesActive++;
    try {
      const outcome = await job.work.processFile(file, {
        signal: job.abort.signal,
        onPage: (page, of) => {
          progress.pagesDone++;
          if (of) job.partial.set(file, Math.min(1, page / of));
          this.emitProgress(job);
        },
        onChunks: (n) => (progress.chunksDone += n),
      });
      summary[outcome]++;
    } catch (err) {
      if (!job.abort.signal.aborted) await this.recordError(job, file, err);
      else {
        progress.filesActive--;
        return;
      }
    }
    job.partial.delete(file);
    progress.filesActive--;
    progress.filesDone++;
    this.emitProgress(job);
  }

  private async recordError(job: Job, file: string, err: unknown): Promise<void> {
    const error: FileError = { path: file, ...pickError(err) };
    job.summary.failed.push(error);
    job.progress.errors.push(error);
    await job.work.onFileError(file, error).catch(() => undefined);
  }

  private gate(job: Job): Promise<void> {
    if (!job.paused) return Promise.resolve();
    return new Promise((resolve) => job.waiting.push(resolve));
  }

  private release(job: Job): void {
    for (const go of job.waiting.splice(0)) go();
  }

  private lastEmit = 0;
  private emitProgress(job: Job, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < 100) return;
    this.lastEmit = now;
    const p = job.progress;
    const elapsed = (now - job.started) / 1000;
    // Work done in files, counting a long PDF in progress by its pages read, so one big file still gets an ETA.
    let done = p.filesDone;
    for (const f of job.partial.values()) done += f;
    if (p.state === 'running' && done > 0.02 && elapsed > 1 && p.filesTotal > p.filesDone) {
      p.etaSeconds = Math.round((elapsed / done) * (p.filesTotal - done));
    }
    this.emit('progress', { ...p, errors: [...p.errors] });
  }
}

function pickError(err: unknown): { kind: string; message: string } {
  const data = toErrorData(err);
  return { kind: data.kind, message: data.message };
}
