import { clipSpans, encodeSpans, PageContext, rulesVersion } from '../context';
import type { IndexMetaFile } from '../db/indexMeta';
import type { ContextSpan } from '../context';
import type { JobQueue } from '../jobs/jobQueue';
import type { Library } from '../library/library';
import type { PageRow } from '../library/schema';
import type { ChunkIndex, ChunkRow } from './chunkIndex';

/** Documents whose rows are rewritten in one commit: fewer, larger commits leave fewer fragments to compact. */
const COMMIT_DOCS = 200;
/**
 * Commits between foldings of the rewritten rows into the indexes. A rewritten row leaves the vector and full-text
 * indexes until then, and searches scan such rows one by one: on 25,000 chunks, searches during the pass grew from
 * 0.15 s to 1.4 s as it went, without folding.
 */
const COMMITS_PER_FOLD = 5;

export interface BackfillDeps {
  jobs: JobQueue;
  library: Library;
  /** Every chunk index on disk (each model's). */
  indexes: () => Promise<ChunkIndex[]>;
  meta: IndexMetaFile;
}

/**
 * Derives the context of chunks from the stored page texts, as an import would, and writes it into their rows: every
 * chunk's when the bundled rules changed since the index last derived it (a new Clinote with better rules), else
 * only the chunks that have none (an index upgraded from schema 1, or a run interrupted before it finished). Runs as
 * a background job; until it reaches a document, its old labels serve (or none: mentions read as affirmed). Returns
 * the job id, or undefined when there is nothing to do.
 */
export async function backfillContext(deps: BackfillDeps): Promise<string | undefined> {
  const rules = rulesVersion();
  const all = deps.meta.current.contextRules !== rules;
  const indexes = await deps.indexes();
  const pending = new Map<ChunkIndex, Set<string>>();
  for (const index of indexes) {
    const docs = all ? new Set((await index.versions()).keys()) : await index.docsWithoutContext();
    if (docs.size) pending.set(index, docs);
  }
  const done = () => deps.meta.update((m) => ({ ...m, contextRules: rules }));
  if (pending.size === 0) {
    if (all) await done();
    return undefined;
  }
  const docIds = new Set([...pending.values()].flatMap((s) => [...s]));
  const batch = new Map<ChunkIndex, ChunkRow[]>();
  let docsInBatch = 0;
  let commits = 0;
  const flush = async () => {
    const writes = [...batch.entries()];
    batch.clear();
    docsInBatch = 0;
    for (const [index, rows] of writes) await index.updateContext(rows);
    if (writes.length && ++commits % COMMITS_PER_FOLD === 0) for (const [index] of writes) await index.optimize();
  };
  return deps.jobs.enqueue({
    files: async () => ({ files: [...docIds], missing: [] }),
    processFile: async (docId, ctx) => {
      const doc = deps.library.get(docId);
      const pages = doc ? await deps.library.pageTexts(docId, doc.contentHash) : [];
      for (const [index, docs] of pending) {
        if (!docs.has(docId)) continue;
        const rows = await index.contextRows([docId], !all);
        for (const row of withContext(rows, pages)) batch.set(index, [...(batch.get(index) ?? []), row]);
        ctx.onChunks(rows.length);
      }
      if (++docsInBatch >= COMMIT_DOCS) await flush();
      return 'updated';
    },
    onFileError: async () => undefined,
    finish: async (summary) => {
      await flush();
      // The rewritten rows sit outside the vector and text indexes until they are folded in.
      for (const index of pending.keys()) await index.optimize();
      // Only a complete pass counts: an interrupted one starts over at the next start.
      if (!summary.cancelled && summary.failed.length === 0) await done();
    },
  });
}

/**
 * The rows with `context` set: from their page, read whole in page order as an import reads it; a row whose page
 * text is not stored (evaluation corpora load chunks only) or no longer matches it is read on its own text.
 */
export function withContext(rows: ChunkRow[], pages: PageRow[]): ChunkRow[] {
  const context = new PageContext();
  const spansByPage = new Map<number, { text: string; spans: ContextSpan[] }>();
  for (const p of pages) spansByPage.set(p.page, { text: p.text, spans: context.next(p.text) });
  return rows.map((row) => {
    const page = spansByPage.get(row.page);
    const spans =
      page && page.text.slice(row.start, row.end) === row.text
        ? clipSpans(page.spans, row.start, row.end)
        : clipSpans(new PageContext().next(row.text), 0, row.text.length);
    return { ...row, context: encodeSpans(spans) };
  });
}
