import { describe, expect, it } from 'vitest';
import { JobQueue } from '../../electron/core/jobs/jobQueue';
import { Semaphore } from '../../electron/core/util/semaphore';
import type { JobProgress } from '../../electron/shared/types';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('JobQueue', () => {
  it('processes every file exactly once when it has more workers than files', async () => {
    const queue = new JobQueue(8);
    const seen: string[] = [];
    const files = ['a', 'b', 'c'];
    const id = queue.enqueue({
      files: async () => ({ files, missing: [] }),
      processFile: async (f) => {
        await tick();
        seen.push(f);
        return 'added';
      },
      onFileError: async () => undefined,
    });
    const summary = await queue.waitFor(id);
    expect(seen.sort()).toEqual(files);
    expect(summary.added).toBe(3);
    expect(summary.failed).toEqual([]);
  });

  it('reports a job done only after its finishing step has run', async () => {
    const queue = new JobQueue(2);
    let finished: () => void = () => undefined;
    const finishing = new Promise<void>((ok) => (finished = ok));
    let inFinish = false;
    const id = queue.enqueue({
      files: async () => ({ files: ['a'], missing: [] }),
      processFile: async () => 'added',
      onFileError: async () => undefined,
      finish: async () => {
        inFinish = true;
        await finishing;
      },
    });
    while (!inFinish) await tick();
    expect(queue.list()[0]!.state).toBe('running');
    finished();
    await queue.waitFor(id);
    expect(queue.list()[0]!.state).toBe('done');
  });

  it('pauses every worker between files and resumes them all; cancel while paused ends the job', async () => {
    const queue = new JobQueue(4);
    const files = Array.from({ length: 20 }, (_, i) => `f${i}`);
    const started: string[] = [];
    let release: () => void = () => undefined;
    const firstFour = new Promise<void>((ok) => (release = ok));
    const work = {
      files: async () => ({ files, missing: [] }),
      processFile: async (f: string) => {
        started.push(f);
        if (started.length <= 4) await firstFour;
        return 'added' as const;
      },
      onFileError: async () => undefined,
    };
    const id = queue.enqueue(work);
    while (started.length < 4) await tick();
    queue.setPaused(id, true);
    expect(queue.list()[0]).toMatchObject({ state: 'paused', filesActive: 4 });
    release();
    for (let i = 0; i < 20; i++) await tick();
    // The four files in flight finished; no worker took another while paused.
    expect(started).toHaveLength(4);
    expect(queue.list()[0]).toMatchObject({ state: 'paused', filesDone: 4, filesActive: 0 });
    queue.setPaused(id, false);
    expect(await queue.waitFor(id)).toMatchObject({ added: 20, cancelled: false });
    expect(new Set(started).size).toBe(20);

    const other = queue.enqueue({ ...work, files: async () => ({ files: ['x', 'y', 'z'], missing: [] }) });
    queue.setPaused(other, true);
    for (let i = 0; i < 20; i++) await tick();
    // Paused before it started: it starts paused and takes no file.
    expect(queue.list().find((j) => j.jobId === other)).toMatchObject({ state: 'paused', filesDone: 0 });
    queue.cancel(other);
    expect(await queue.waitFor(other)).toMatchObject({ added: 0, cancelled: true });
    expect(queue.list().find((j) => j.jobId === other)?.state).toBe('cancelled');
    await queue.idle();
  });

  it('estimates time left from the pages of a long file in progress', async () => {
    const queue = new JobQueue(2);
    const etas: number[] = [];
    queue.on(
      'progress',
      (p: JobProgress) => p.etaSeconds !== undefined && p.state === 'running' && etas.push(p.etaSeconds),
    );
    const id = queue.enqueue({
      files: async () => ({ files: ['book.pdf'], missing: [] }),
      processFile: async (_f, ctx) => {
        for (let page = 1; page <= 20; page++) {
          await new Promise((r) => setTimeout(r, 110));
          ctx.onPage(page, 20);
        }
        return 'added';
      },
      onFileError: async () => undefined,
    });
    await queue.waitFor(id);
    // One file only: without per-page progress there would be no estimate before it ends.
    expect(etas.length).toBeGreaterThan(0);
    expect(Math.max(...etas)).toBeLessThan(10);
  });
});

describe('Semaphore', () => {
  it('never lets more than its slots run at once, and runs everything', async () => {
    const gate = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('frees its slot when the work throws', async () => {
    const gate = new Semaphore(1);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });
});
