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

/** A judged note that mentions the query's words in a way that does not answer it (denied, a relative's, ...). */
export type Traps = Map<string, Set<string>>;

/** Share of the first k results that are in `marked` (traps, or judged non-relevant), out of k. */
export function shareAt(ranked: string[], marked: Set<string> | undefined, k: number): number {
  if (!marked || marked.size === 0) return 0;
  return ranked.slice(0, k).filter((id) => marked.has(id)).length / k;
}

export interface ClinicalScores extends RetrievalScores {
  /** Share of the top 10 judged traps (grade 0 with the trap mark: the query's words in the wrong context). */
  trap10: number;
  /** Share of the top 10 judged grade 0, traps or not. */
  zero10: number;
  /** Share of the top 10 not judged at all. */
  unjudged10: number;
}

/**
 * Scores of a run on a judged set with traps: the retrieval scores (nDCG with the grades as gains; MRR and recall
 * count grade >= 1) and the shares of the top 10 that are traps, judged 0, or unjudged.
 */
export function scoreClinical(run: Map<string, string[]>, qrels: Qrels, traps: Traps): ClinicalScores {
  const base = scoreRun(run, qrels);
  let trap = 0;
  let zero = 0;
  let unjudged = 0;
  for (const [qid, judged] of qrels) {
    const ranked = run.get(qid) ?? [];
    const zeros = new Set([...judged].filter(([, g]) => g <= 0).map(([id]) => id));
    trap += shareAt(ranked, traps.get(qid), 10);
    zero += shareAt(ranked, zeros, 10);
    unjudged += ranked.slice(0, 10).filter((id) => !judged.has(id)).length / 10;
  }
  const n = Math.max(1, base.queries);
  return { ...base, trap10: trap / n, zero10: zero / n, unjudged10: unjudged / n };
}

/** One TREC run line per result: `qid Q0 docid rank score tag`, ranks from 1 and scores decreasing. */
export function trecRun(run: Map<string, string[]>, tag: string): string {
  const lines: string[] = [];
  for (const [qid, ranked] of run) {
    ranked.forEach((id, i) => lines.push(`${qid} Q0 ${id} ${i + 1} ${(ranked.length - i).toFixed(0)} ${tag}`));
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
