import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker from a module next to the caller. From sources (tsx, tests) a bootstrap registers tsx in the
 * worker first; in the bundled app the file is already .js.
 */
export function startWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const data = (options.workerData ?? {}) as Record<string, unknown>;
  return new Worker(new URL('./tsWorker.mjs', import.meta.url), {
    ...options,
    workerData: { ...data, __entry: moduleUrl.href },
  });
}
