import type { FullTextQuery } from '@lancedb/lancedb';
import type { ChunkHit, ChunkIndex, VectorQuery } from '../index/chunkIndex';

/** Team documents and chunks carry this before their ids, so they never collide with local ones. */
export const TEAM_ID_PREFIX = 'team:';

export type SearchIndex = Pick<ChunkIndex, 'modelId' | 'vectorSearch' | 'keywordSearch' | 'chunk'>;

/**
 * The local index and a team library's, searched as one: each side's best `k` are merged, vector hits by cosine
 * distance (one model, one vector space, so distances compare) and keyword hits by BM25 score (each side's own term
 * statistics: close for libraries of similar text, not identical), and the searcher fuses the two merged lists as it
 * fuses any. A team side that fails (the bucket unreachable) leaves the local results, and is reported.
 */
export class FederatedIndex implements SearchIndex {
  constructor(
    private readonly local: SearchIndex,
    private readonly team: SearchIndex,
    private readonly onTeamError: (err: Error) => void,
  ) {}

  get modelId(): string {
    return this.local.modelId;
  }

  async vectorSearch(vector: Float32Array, query: VectorQuery): Promise<ChunkHit[]> {
    const [local, team] = await Promise.all([
      this.local.vectorSearch(vector, query),
      this.teamSide(() => this.team.vectorSearch(vector, query)),
    ]);
    return [...local, ...team].sort((a, b) => (a._distance ?? 1) - (b._distance ?? 1)).slice(0, query.k);
  }

  async keywordSearch(query: string | FullTextQuery, k: number, where?: string): Promise<ChunkHit[]> {
    const [local, team] = await Promise.all([
      this.local.keywordSearch(query, k, where),
      this.teamSide(() => this.team.keywordSearch(query, k, where)),
    ]);
    return [...local, ...team].sort((a, b) => (b._score ?? 0) - (a._score ?? 0)).slice(0, k);
  }

  /** A passage by id: a team one (its id carries the team prefix) from the team library, others from the local one. */
  async chunk(id: string): Promise<ChunkHit | undefined> {
    if (!id.startsWith(TEAM_ID_PREFIX)) return this.local.chunk(id);
    const hit = await this.team.chunk(id.slice(TEAM_ID_PREFIX.length));
    return hit && teamHit(hit);
  }

  private async teamSide(search: () => Promise<ChunkHit[]>): Promise<ChunkHit[]> {
    try {
      return (await search()).map(teamHit);
    } catch (err) {
      this.onTeamError(err as Error);
      return [];
    }
  }
}

function teamHit(h: ChunkHit): ChunkHit {
  return { ...h, id: TEAM_ID_PREFIX + h.id, docId: TEAM_ID_PREFIX + h.docId, source: 'team' };
}
