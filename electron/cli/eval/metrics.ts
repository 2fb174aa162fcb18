/** Retrieval metrics as BEIR/MTEB compute them (pytrec_eval semantics: graded relevance, log2 discount). */
export type Qrels = Map<string, Map<string, number>>;

export function ndcgAt(ranked: string[], relevant: Map<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const rel = relevant.get(id) ?? 0;
    if (rel > 0) dcg += (2 ** rel - 1) / Math.log2(i + 2);
  });
  const ideal = [...relevant.values()]
    .filter((r) => r > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((s, rel, i) => s + (2 ** rel - 1) / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAt(ranked: string[], relevant: Map<string, number>, k: number): number {
  const rel = [...relevant.entries()].filter(([, r]) => r > 0).map(([id]) => id);
  if (rel.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return rel.filter((id) => top.has(id)).length / rel.length;
}

export function mrrAt(ranked: string[], relevant: Map<string, number>, k: number): number {
  const i = ranked.slice(0, k).findIndex((id) => (relevant.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

export interface RetrievalScores {
  ndcg10: number;
  recall100: number;
  mrr10: number;
  queries: number;
}

export function scoreRun(run: Map<string, string[]>, qrels: Qrels): RetrievalScores {
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  let n = 0;
  for (const [qid, relevant] of qrels) {
    const ranked = run.get(qid) ?? [];
    ndcg += ndcgAt(ranked, relevant, 10);
    recall += recallAt(ranked, relevant, 100);
    mrr += mrrAt(ranked, relevant, 10);
    n++;
  }
  return n === 0
    ? { ndcg10: 0, recall100: 0, mrr10: 0, queries: 0 }
    : { ndcg10: ndcg / n, recall100: recall / n, mrr10: mrr / n, queries: n };
}
