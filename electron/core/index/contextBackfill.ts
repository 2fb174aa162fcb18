import { clipSpans, encodeSpans, PageContext } from '../context';
import type { ContextSpan } from '../context';
import type { JobQueue } from '../jobs/jobQueue';
import type { Library } from '../library/library';
import type { PageRow } from '../library/schema';
import type { ChunkIndex, ChunkRow } from './chunkIndex';

/** Documents whose rows are rewritten in one commit: fewer, larger commits leave fewer fragments to compact. */
const COMMIT_DOCS = 200;

export interface BackfillDeps {
  jobs: JobQueue;
  library: Library;
  /** Every chunk index on disk (each model's). */
  indexes: () => Promise<ChunkIndex[]>;
}

/**
 * Derives the context of chunks written before it was stored (an index upgraded from schema 1, or a run
 * interrupted before it finished) from the stored page texts, as an import would, and writes it into their rows.
 * Runs as a background job; until it reaches a document its mentions read as affirmed. Returns the job id, or
 * undefined when every row already has its context.
 */
export async function backfillContext(deps: BackfillDeps): Promise<string | undefined> {
  const indexes = await deps.indexes();
  const pending = new Map<ChunkIndex, Set<string>>();
  for (const index of indexes) {
    const docs = await index.docsWithoutContext();
    if (docs.size) pending.set(index, docs);
  }
  if (pending.size === 0) return undefined;
  const all = new Set([...pending.values()].flatMap((s) => [...s]));
  const batch = new Map<ChunkIndex, ChunkRow[]>();
  let docsInBatch = 0;
  const flush = async () => {
    const writes = [...batch.entries()];
    batch.clear();
    docsInBatch = 0;
    for (const [index, rows] of writes) await index.updateContext(rows);
  };
  return deps.jobs.enqueue({
    files: async () => ({ files: [...all], missing: [] }),
    processFile: async (docId, ctx) => {
      const doc = deps.library.get(docId);
      const pages = doc ? await deps.library.pageTexts(docId, doc.contentHash) : [];
      for (const [index, docs] of pending) {
        if (!docs.has(docId)) continue;
        const rows = await index.rowsWithoutContext([docId]);
        for (const row of withContext(rows, pages)) batch.set(index, [...(batch.get(index) ?? []), row]);
        ctx.onChunks(rows.length);
      }
      if (++docsInBatch >= COMMIT_DOCS) await flush();
      return 'updated';
    },
    onFileError: async () => undefined,
    finish: async () => {
      await flush();
      // The rewritten rows sit outside the vector and text indexes until they are folded in.
      for (const index of pending.keys()) await index.optimize();
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
