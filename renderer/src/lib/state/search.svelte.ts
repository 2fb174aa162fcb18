import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { SearchFilters, SearchHit, SearchMode, SearchRequest } from '../../../../electron/shared/types';
import type { Describe, Problem } from '../errors';

const DEBOUNCE_MS = 180;

/** The search box, its mode and filters, and the ranked hits of the latest query. */
export class SearchState {
  query = $state('');
  mode = $state<SearchMode>('hybrid');
  filters = $state<SearchFilters>({});
  hits = $state.raw<SearchHit[]>([]);
  /** The query the hits belong to ('' before the first search). */
  searched = $state('');
  tookMs = $state(0);
  loading = $state(false);
  problem = $state.raw<Problem | null>(null);
  /** Index of the hit the arrow keys are on. */
  active = $state(0);

  /** Filters that narrow the search; a blank field narrows nothing. */
  activeFilters = $derived(Object.keys(filtersInUse(this.filters)).length);

  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: EngineClient,
    private readonly describe: Describe,
  ) {}

  /** The request for the current box, mode and filters, without empty filters (the engine rejects none, but logs stay clean). */
  request(): SearchRequest {
    const filters = filtersInUse(this.filters);
    const request: SearchRequest = { query: this.query.trim(), mode: this.mode, k: 30 };
    if (Object.keys(filters).length > 0) request.filters = filters;
    return request;
  }

  /** Searches after a short pause in typing, so each keystroke doesn't cost an embedding. */
  schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  async run(): Promise<void> {
    clearTimeout(this.#timer);
    const request = this.request();
    const seq = ++this.#seq;
    if (!request.query) {
      this.hits = [];
      this.searched = '';
      this.problem = null;
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const response = await this.client.search(request);
      // A slower answer to an older query must not replace a newer one.
      if (seq !== this.#seq) return;
      this.hits = response.hits;
      this.tookMs = response.tookMs;
      this.searched = request.query;
      this.problem = null;
      this.active = 0;
    } catch (err) {
      if (seq !== this.#seq) return;
      this.hits = [];
      this.searched = request.query;
      this.problem = this.describe(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  move(delta: number): void {
    if (this.hits.length === 0) return;
    this.active = Math.max(0, Math.min(this.hits.length - 1, this.active + delta));
  }

  setMode(mode: SearchMode): void {
    this.mode = mode;
    void this.run();
  }

  clearFilters(): void {
    this.filters = {};
    void this.run();
  }
}

function filtersInUse(f: SearchFilters): SearchFilters {
  const filters: SearchFilters = {};
  if (f.types?.length) filters.types = [...f.types];
  for (const key of ['folder', 'dateFrom', 'dateTo', 'section', 'patient'] as const) {
    const value = f[key]?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}
