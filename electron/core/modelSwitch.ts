import { chunkPage } from './ingest/chunker';
import type { JobQueue } from './jobs/jobQueue';
import type { ModelRuntime } from './modelRuntime';
import type { LanceStore } from './store/lanceStore';
import type { ChunkRow, DocumentRow } from './store/schema';
import { sha256 } from './util/hash';

export interface SwitchDeps {
  jobs: JobQueue;
  store: LanceStore;
  target: ModelRuntime;
  documents: () => DocumentRow[];
  onProgress: (s: { modelId: string; done: number; total: number }) => void;
  commit: () => Promise<void>;
}

/**
 * Re-embeds every document into the target model's own table while the current one keeps serving searches; the
 * switch happens only when every document is in. Page texts are stored, so no file is read again.
 */
export async function switchModelInBackground(deps: SwitchDeps): Promise<{ jobId: string }> {
  const { target } = deps;
  const targetStore = await deps.store.forModel(target.manifest.id, target.manifest.dims);
  const chunkTokens = await target.chunkTokens();
  let done = 0;
  // Documents a previous, interrupted switch already re-embedded are skipped; looked up once, not per document.
  let present: Promise<Map<string, Set<string>>> | undefined;
  const jobId = deps.jobs.enqueue({
    files: async () => ({
      files: deps
        .documents()
        .filter((d) => d.status === 'ready')
        .map((d) => d.id),
      missing: [],
    }),
    processFile: async (docId, ctx) => {
      const doc = deps.documents().find((d) => d.id === docId);
      if (!doc) return 'unchanged';
      present ??= targetStore.chunkVersions();
      const versions = (await present).get(docId);
      if (versions?.has(doc.contentHash)) return 'unchanged';
      const tokenizer = await target.tokenizer();
      const pages = await deps.store.pageTexts(docId, doc.contentHash);
      const chunks = pages.flatMap((p) =>
        chunkPage(p.page, p.text, {
          maxTokens: chunkTokens,
          overlapTokens: Math.round(chunkTokens * 0.15),
          countTokens: (t) => tokenizer.count(t),
        }),
      );
      const vectors = await (
        await target.embedder()
      ).embed(
        chunks.map((c) => c.text),
        'passage',
      );
      const rows: ChunkRow[] = chunks.map((c, ord) => ({
        id: `${docId}:${doc.contentHash.slice(0, 12)}:${ord}`,
        docId,
        version: doc.contentHash,
        ord,
        page: c.page,
        start: c.start,
        end: c.end,
        section: c.section ?? null,
        text: c.text,
        textHash: sha256(c.text),
        type: doc.type,
        folder: doc.folder,
        date: doc.date,
        patient: doc.patient,
        vector: vectors[ord]!,
      }));
      await targetStore.replaceChunks(docId, rows, versions !== undefined);
      ctx.onChunks(rows.length);
      deps.onProgress({ modelId: target.manifest.id, done: ++done, total: deps.documents().length });
      return 'updated';
    },
    onFileError: async () => undefined,
    finish: async (summary) => {
      if (summary.cancelled || summary.failed.length) return;
      await targetStore.optimize();
      await deps.commit();
    },
  });
  return { jobId };
}
