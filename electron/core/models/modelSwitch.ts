import { chunkPagesWithContext } from '../ingest/contextChunks';
import { chunkRows } from '../ingest/rows';
import type { JobQueue } from '../jobs/jobQueue';
import type { Library } from '../library/library';
import type { ChunkIndex } from '../index/chunkIndex';
import type { ModelRuntime } from './modelRuntime';

export interface SwitchProgress {
  modelId: string;
  done: number;
  total: number;
}

export interface SwitchDeps {
  jobs: JobQueue;
  library: Library;
  target: ModelRuntime;
  targetIndex: ChunkIndex;
  onProgress: (s: SwitchProgress | undefined) => void;
  /** Makes the target the active model; runs only when every document is in its index. */
  activate: () => Promise<void>;
}

/**
 * Re-embeds every document into the target model's own index while the current one keeps serving searches; the
 * switch happens only when every document is in. Page texts are stored, so no file is read again.
 */
export function switchModelInBackground(deps: SwitchDeps): { jobId: string } {
  const { target, targetIndex, library } = deps;
  let done = 0;
  // Documents a previous, interrupted switch already re-embedded are skipped; looked up once, not per document.
  let present: Promise<Map<string, Set<string>>> | undefined;
  const jobId = deps.jobs.enqueue({
    files: async () => ({ files: library.list().flatMap((d) => (d.status === 'ready' ? [d.id] : [])), missing: [] }),
    processFile: async (docId, ctx) => {
      const doc = library.get(docId);
      if (!doc) return 'unchanged';
      present ??= targetIndex.versions();
      const versions = (await present).get(docId);
      if (versions?.has(doc.contentHash)) return 'unchanged';
      const chunking = await target.chunking();
      const pages = await library.pageTexts(docId, doc.contentHash);
      const chunks = chunkPagesWithContext(pages, chunking);
      const vectors = await (
        await target.embedder()
      ).embed(
        chunks.map((c) => c.text),
        'passage',
      );
      const rows = chunkRows({ ...doc, version: doc.contentHash }, chunks, vectors);
      await targetIndex.replaceDocument(docId, rows, versions !== undefined);
      ctx.onChunks(chunks.length);
      deps.onProgress({ modelId: target.manifest.id, done: ++done, total: library.list().length });
      return 'updated';
    },
    onFileError: async () => undefined,
    finish: async (summary) => {
      deps.onProgress(undefined);
      if (summary.cancelled || summary.failed.length) return;
      await targetIndex.optimize();
      await deps.activate();
    },
  });
  return { jobId };
}
