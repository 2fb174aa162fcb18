import type { ClinicalData } from './clinicalData';
import { scoreClinical } from './metrics';
import type { ClinicalScores } from './metrics';

/** Scores of one run over the whole set and over each split and kind of query. */
export interface GroupScores {
  group: string;
  scores: ClinicalScores;
}

export function scoreGroups(data: ClinicalData, run: Map<string, string[]>): GroupScores[] {
  const judged = [...data.qrels].filter(([qid]) => run.has(qid));
  const out: GroupScores[] = [{ group: 'all', scores: scoreClinical(run, new Map(judged), data.traps) }];
  const by = (key: 'split' | 'kind') => [...new Set(judged.map(([qid]) => data.groups.get(qid)?.[key] ?? 'all'))];
  for (const key of ['split', 'kind'] as const) {
    for (const value of by(key).sort()) {
      const subset = new Map(judged.filter(([qid]) => (data.groups.get(qid)?.[key] ?? 'all') === value));
      out.push({ group: `${key}=${value}`, scores: scoreClinical(run, subset, data.traps) });
    }
  }
  return out;
}

const COLUMNS: Array<[string, (s: ClinicalScores) => string]> = [
  ['queries', (s) => String(s.queries)],
  ['nDCG@10', (s) => s.ndcg10.toFixed(4)],
  ['MRR@10', (s) => s.mrr10.toFixed(4)],
  ['trap@10', (s) => s.trap10.toFixed(4)],
  ['judged0@10', (s) => s.zero10.toFixed(4)],
  ['unjudged@10', (s) => s.unjudged10.toFixed(4)],
  ['R@100', (s) => s.recall100.toFixed(4)],
];

/** A plain-text table per pipeline: groups down, metrics across. */
export function formatClinical(
  results: Array<{ pipeline: string; seconds: { search: number }; groups: GroupScores[] }>,
  head: object,
): string {
  const lines = [
    Object.entries(head)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' '),
  ];
  for (const r of results) {
    lines.push('', `${r.pipeline} (${r.seconds.search.toFixed(1)} s of searching)`);
    lines.push(['group'.padEnd(32), ...COLUMNS.map(([name]) => name.padStart(12))].join(''));
    for (const g of r.groups) {
      lines.push([g.group.padEnd(32), ...COLUMNS.map(([, f]) => f(g.scores).padStart(12))].join(''));
    }
  }
  return lines.join('\n') + '\n';
}
