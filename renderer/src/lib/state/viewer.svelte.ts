import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { PageText, SearchHit, SearchRequest } from '../../../../electron/shared/types';
import type { Describe, Problem } from '../errors';

/**
 * The document open beside the results, at one hit. Every hit of the query inside this document is fetched too, so
 * next/previous walk through the document's matches in reading order.
 */
export class ViewerState {
  hit = $state.raw<SearchHit | null>(null);
  docHits = $state.raw<SearchHit[]>([]);
  index = $state(0);
  /** Note texts, by page. */
  pages = $state.raw<PageText[] | null>(null);
  /** Original bytes, for PDFs. */
  bytes = $state.raw<Uint8Array | null>(null);
  loading = $state(false);
  problem = $state.raw<Problem | null>(null);

  current = $derived(this.docHits[this.index] ?? this.hit);

  #seq = 0;

  constructor(
    private readonly client: EngineClient,
    private readonly describe: Describe,
  ) {}

  async open(hit: SearchHit, request: SearchRequest): Promise<void> {
    const seq = ++this.#seq;
    const sameDoc = this.hit?.docId === hit.docId && (this.pages !== null || this.bytes !== null);
    this.hit = hit;
    this.docHits = [hit];
    this.index = 0;
    this.problem = null;
    void this.loadDocHits(hit, request, seq);
    if (sameDoc) return;
    this.loading = true;
    this.pages = null;
    this.bytes = null;
    try {
      // A team document's original file stays with its publisher; its text is in the library.
      if (hit.type === 'pdf' && hit.source !== 'team') {
        const bytes = await this.client.getDocumentBytes(hit.docId);
        if (seq === this.#seq) this.bytes = bytes;
      } else {
        const pages = await this.client.getDocumentText(hit.docId);
        if (seq === this.#seq) this.pages = pages;
      }
    } catch (err) {
      if (seq === this.#seq) this.problem = this.describe(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  private async loadDocHits(hit: SearchHit, request: SearchRequest, seq: number): Promise<void> {
    try {
      const response = await this.client.search({ ...request, k: 50, groupByDocument: false });
      if (seq !== this.#seq) return;
      let inDoc = response.hits.filter((h) => h.docId === hit.docId);
      // In a small library every passage ranks somewhere; "next match" should mean the next passage holding the
      // query's words, or, by meaning alone, one of the document's few best passages.
      inDoc =
        request.mode === 'vector'
          ? inDoc.slice(0, 5)
          : inDoc.filter((h) => h.matches.length > 0 || h.chunkId === hit.chunkId);
      if (!inDoc.some((h) => h.chunkId === hit.chunkId)) inDoc.push(hit);
      inDoc.sort((a, b) => a.page - b.page || a.pageSpan.start - b.pageSpan.start);
      this.docHits = inDoc;
      this.index = inDoc.findIndex((h) => h.chunkId === hit.chunkId);
    } catch {
      // Walking between matches is a convenience; the opened hit alone still shows.
    }
  }

  step(delta: number): void {
    if (this.docHits.length < 2) return;
    this.index = (this.index + delta + this.docHits.length) % this.docHits.length;
  }

  close(): void {
    this.#seq++;
    this.hit = null;
    this.docHits = [];
    this.pages = null;
    this.bytes = null;
    this.problem = null;
  }
}
