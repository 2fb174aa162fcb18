import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { QueryExpansion } from '../../../../electron/shared/queryExpansion';
import type {
  ContextLabel,
  MatchExplanation,
  SearchContext,
  SearchFilters,
  SearchHit,
  SearchMode,
  SearchRequest,
} from '../../../../electron/shared/types';
import type { Describe, Problem } from '../errors';

const DEBOUNCE_MS = 180;

/** The search box, its mode and filters, and the ranked hits of the latest query. */
export class SearchState {
  query = $state('');
  mode = $state<SearchMode>('hybrid');
  /** `all` when the person asked to see denied, family, planned and possible mentions in plain relevance order. */
  context = $state<SearchContext>('affirmed');
  filters = $state<SearchFilters>({});
  hits = $state.raw<SearchHit[]>([]);
  /** The query the hits belong to ('' before the first search). */
  searched = $state('');
  tookMs = $state(0);
  loading = $state(false);
  problem = $state.raw<Problem | null>(null);
  /** Index of the hit the arrow keys are on. */
  active = $state(0);
  /** How the latest query was widened on the keyword side ("SOB → shortness of breath"). */
  expansion = $state.raw<QueryExpansion | undefined>(undefined);
  /** The context the latest query asked about ("denies chest pain": negated), with the words that asked. */
  queryContext = $state<{ label: ContextLabel; cue?: string }>({ label: 'affirmed' });
  /** Hits whose explanation is open ("Why this matched"), by chunk. */
  explained = $state.raw<string[]>([]);
  /** The closest sentence by meaning of each explained hit, once the engine has answered (or why it could not). */
  closest = $state.raw<Record<string, MatchExplanation | { failed: string }>>({});

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
    const request: SearchRequest = { query: this.query.trim(), mode: this.mode, k: 30, context: this.context };
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
      // Explanations belong to a query: a refresh of the same one (another mode, the switch) keeps them open.
      if (request.query !== this.searched) {
        this.explained = [];
        this.closest = {};
      }
      this.hits = response.hits;
      this.expansion = response.expansion;
      this.queryContext = {
        label: response.queryContext,
        ...(response.queryContextCue ? { cue: response.queryContextCue } : {}),
      };
      this.tookMs = response.tookMs;
      this.searched = request.query;
      this.problem = null;
      this.active = 0;
    } catch (err) {
      if (seq !== this.#seq) return;
      this.hits = [];
      this.expansion = undefined;
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

  /** Shows every mention in plain relevance order (`all`), or affirmed ones first (`affirmed`). */
  setContext(context: SearchContext): void {
    this.context = context;
    void this.run();
  }

  /** Opens or closes a hit's "Why this matched"; opening it asks the engine for the closest sentence by meaning. */
  async toggleWhy(chunkId: string): Promise<void> {
    if (this.explained.includes(chunkId)) {
      this.explained = this.explained.filter((id) => id !== chunkId);
      return;
    }
    this.explained = [...this.explained, chunkId];
    if (this.closest[chunkId] || !this.searched) return;
    const query = this.searched;
    try {
      const answer = await this.client.explainMatch({ query, chunkId });
      if (this.searched === query) this.closest = { ...this.closest, [chunkId]: answer };
    } catch (err) {
      if (this.searched === query) this.closest = { ...this.closest, [chunkId]: { failed: this.describe(err).title } };
    }
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
