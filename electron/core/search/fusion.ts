/**
 * Reciprocal rank fusion (Cormack et al. 2009): score = sum over lists of weight / (k + rank). Rank-based, so the
 * vector cosine and BM25 scales never need calibrating against each other.
 */
export interface Ranked<T> {
  item: T;
  id: string;
}

export interface Fused<T> {
  item: T;
  id: string;
  score: number;
  ranks: number[];
}

export function reciprocalRankFusion<T>(lists: Ranked<T>[][], weights?: number[], k = 60): Fused<T>[] {
  const byId = new Map<string, Fused<T>>();
  lists.forEach((list, li) => {
    const w = weights?.[li] ?? 1;
    list.forEach((entry, rank) => {
      const f = byId.get(entry.id) ?? { item: entry.item, id: entry.id, score: 0, ranks: lists.map(() => -1) };
      f.score += w / (k + rank + 1);
      f.ranks[li] = rank;
      byId.set(entry.id, f);
    });
  });
  return [...byId.values()].sort((a, b) => b.score - a.score);
}
