import { describe, expect, it } from 'vitest';
import { JobsState } from './jobs.svelte';
import { FakeEngine, connect } from './test/fakeEngine';
import type { JobProgress } from '../../../../electron/shared/types';

const progress = (jobId: string, state: JobProgress['state'], filesDone = 0): JobProgress => ({
  jobId,
  state,
  filesTotal: 3,
  filesDone,
  filesActive: 0,
  pagesDone: 0,
  chunksDone: 0,
  errors: [],
});

function setup() {
  const engine = new FakeEngine();
  const reported: unknown[] = [];
  const jobs = new JobsState(connect(engine), (err) => reported.push(err));
  return { engine, jobs, reported };
}

describe('JobsState', () => {
  it('shows a tracked job at once, then follows its progress to the end', () => {
    const { jobs } = setup();
    jobs.track('j1', 'import', 3);
    expect(jobs.visible).toEqual([progress('j1', 'queued')]);
    expect(jobs.kinds).toEqual({ j1: 'import' });
    expect(jobs.running).toBe(1);
    jobs.onProgress(progress('j1', 'running', 2));
    expect(jobs.jobs).toEqual([progress('j1', 'running', 2)]);
    jobs.onDone({ jobId: 'j1', added: 2, updated: 0, unchanged: 1, removed: 0, failed: [], cancelled: false });
    expect(jobs.jobs[0]!.state).toBe('done');
    expect(jobs.summaries.j1?.added).toBe(2);
    expect(jobs.running).toBe(0);
    expect(jobs.isFinished(jobs.jobs[0]!)).toBe(true);
  });

  it('marks a cancelled job as cancelled, and keeps a state the engine already finished with', () => {
    const { jobs } = setup();
    jobs.onProgress(progress('a', 'running'));
    jobs.onProgress(progress('b', 'failed'));
    const summary = { added: 0, updated: 0, unchanged: 0, removed: 0, failed: [] };
    jobs.onDone({ jobId: 'a', ...summary, cancelled: true });
    jobs.onDone({ jobId: 'b', ...summary, cancelled: false });
    expect(jobs.jobs.map((j) => [j.jobId, j.state])).toEqual([
      ['a', 'cancelled'],
      ['b', 'failed'],
    ]);
  });

  it('does not duplicate a job whose progress came before it was tracked', () => {
    const { jobs } = setup();
    jobs.onProgress(progress('j', 'running', 1));
    jobs.track('j', 'reindex');
    expect(jobs.jobs).toEqual([progress('j', 'running', 1)]);
    expect(jobs.kinds.j).toBe('reindex');
  });

  it('hides dismissed jobs but keeps counting the running ones', () => {
    const { jobs } = setup();
    jobs.onProgress(progress('a', 'running'));
    jobs.onProgress(progress('b', 'done'));
    jobs.dismiss('b');
    jobs.dismiss('a');
    expect(jobs.visible).toEqual([]);
    expect(jobs.running).toBe(1);
  });

  it('loads the session’s jobs from the engine, and reports a failed cancel', async () => {
    const { engine, jobs, reported } = setup();
    engine.jobs = [progress('x', 'paused')];
    await jobs.refresh();
    expect(jobs.jobs).toEqual([progress('x', 'paused')]);
    await jobs.setPaused('x', false);
    expect(engine.calls).toContainEqual(['setJobPaused', 'x', false]);
    await jobs.cancel('nope');
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ kind: 'BadInput', subject: 'nope' });
  });
});
