import type { ChunkHit, ChunkIndex, VectorQuery } from '../index/chunkIndex';

/** Team documents and chunks carry this before their ids, so they never collide with local ones. */
export const TEAM_ID_PREFIX = 'team:';

export type SearchIndex = Pick<ChunkIndex, 'modelId' | 'vectorSearch' | 'keywordSearch'>;

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

  async keywordSearch(text: string, k: number, where?: string): Promise<ChunkHit[]> {
    const [local, team] = await Promise.all([
      this.local.keywordSearch(text, k, where),
      this.teamSide(() => this.team.keywordSearch(text, k, where)),
    ]);
    return [...local, ...team].sort((a, b) => (b._score ?? 0) - (a._score ?? 0)).slice(0, k);
  }

  private async teamSide(search: () => Promise<ChunkHit[]>): Promise<ChunkHit[]> {
    try {
      return (await search()).map((h) => ({
        ...h,
        id: TEAM_ID_PREFIX + h.id,
        docId: TEAM_ID_PREFIX + h.docId,
        source: 'team' as const,
      }));
    } catch (err) {
      this.onTeamError(err as Error);
      return [];
    }
  }
}
