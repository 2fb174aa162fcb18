import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { ImportSummary, JobProgress } from '../../../../electron/shared/types';
import type { Reporter } from './reporter';

const FINISHED = new Set(['done', 'cancelled', 'failed']);

/** What a job does; the contract's progress doesn't say, so the app remembers what it started. */
export type JobKind = 'import' | 'reindex' | 'switch';

/** Import and re-index jobs of this session, fed by `jobs/progress` and `jobs/done` events. */
export class JobsState {
  jobs = $state.raw<JobProgress[]>([]);
  summaries = $state.raw<Record<string, ImportSummary>>({});
  /** Jobs the person has closed; finished jobs stay visible until then. */
  dismissed = $state.raw<string[]>([]);
  kinds = $state.raw<Record<string, JobKind>>({});

  visible = $derived(this.jobs.filter((j) => !this.dismissed.includes(j.jobId)));
  running = $derived(this.jobs.filter((j) => !FINISHED.has(j.state)).length);

  constructor(
    private readonly client: EngineClient,
    private readonly report: Reporter,
  ) {}

  async refresh(): Promise<void> {
    try {
      this.jobs = await this.client.listJobs();
    } catch (err) {
      this.report(err);
    }
  }

  onProgress(progress: JobProgress): void {
    const i = this.jobs.findIndex((j) => j.jobId === progress.jobId);
    this.jobs = i < 0 ? [...this.jobs, progress] : this.jobs.with(i, progress);
  }

  onDone(summary: ImportSummary): void {
    this.summaries = { ...this.summaries, [summary.jobId]: summary };
    const i = this.jobs.findIndex((j) => j.jobId === summary.jobId);
    if (i >= 0 && !FINISHED.has(this.jobs[i]!.state)) {
      this.jobs = this.jobs.with(i, { ...this.jobs[i]!, state: summary.cancelled ? 'cancelled' : 'done' });
    }
  }

  /** Shows a job at once, before its first progress event arrives. */
  track(jobId: string, kind: JobKind, filesTotal = 0): void {
    this.kinds = { ...this.kinds, [jobId]: kind };
    if (this.jobs.some((j) => j.jobId === jobId)) return;
    this.onProgress({
      jobId,
      state: 'queued',
      filesTotal,
      filesDone: 0,
      filesActive: 0,
      pagesDone: 0,
      chunksDone: 0,
      errors: [],
    });
  }

  isFinished(job: JobProgress): boolean {
    return FINISHED.has(job.state);
  }

  async cancel(jobId: string): Promise<void> {
    try {
      await this.client.cancelJob(jobId);
    } catch (err) {
      this.report(err);
    }
  }

  async setPaused(jobId: string, paused: boolean): Promise<void> {
    try {
      await this.client.setJobPaused(jobId, paused);
    } catch (err) {
      this.report(err);
    }
  }

  dismiss(jobId: string): void {
    this.dismissed = [...this.dismissed, jobId];
  }
}
