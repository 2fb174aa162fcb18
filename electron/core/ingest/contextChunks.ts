import { clipSpans, PageContext } from '../context';
import type { Chunk, ChunkOptions } from './chunker';
import { chunkPage } from './chunker';

/**
 * Chunks of a document's pages, in page order, each carrying the context spans that fall in it. Context is read on
 * the whole page (with the section the previous page ended in), then clipped to each chunk.
 */
export class ContextChunker {
  private readonly context = new PageContext();

  constructor(private readonly opts: ChunkOptions) {}

  page(page: number, text: string): Chunk[] {
    const spans = this.context.next(text);
    return chunkPage(page, text, this.opts).map((c) => ({ ...c, context: clipSpans(spans, c.start, c.end) }));
  }
}

/** Every page of a document chunked with its context (re-embedding from stored page texts, evaluation corpora). */
export function chunkPagesWithContext(pages: Array<{ page: number; text: string }>, opts: ChunkOptions): Chunk[] {
  const chunker = new ContextChunker(opts);
  return pages.flatMap((p) => chunker.page(p.page, p.text));
}
