import { describe, expect, it } from 'vitest';
import { mrrAt, ndcgAt, recallAt, scoreClinical, scoreRun, shareAt, trecRun } from '../../electron/cli/eval/metrics';

const rel = (...ids: string[]) => new Map(ids.map((id) => [id, 1]));

describe('retrieval metrics', () => {
  it('nDCG@10 is 1 for a perfect ranking and matches the hand-computed value otherwise', () => {
    expect(ndcgAt(['a', 'b', 'x'], rel('a', 'b'), 10)).toBeCloseTo(1, 10);
    // relevant at ranks 2 and 3 of 2 relevant: (1/log2(3) + 1/log2(4)) / (1 + 1/log2(3))
    const expected = (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    expect(ndcgAt(['x', 'a', 'b'], rel('a', 'b'), 10)).toBeCloseTo(expected, 10);
  });

  it('nDCG ignores hits past the cut-off and handles graded relevance', () => {
    const ranked = [...'abcdefghij'].map((c) => c + '0').concat('hit');
    expect(ndcgAt(ranked, rel('hit'), 10)).toBe(0);
    const graded = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ndcgAt(['b', 'a'], graded, 10)).toBeCloseTo((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)), 10);
  });

  it('recall@k and MRR@k', () => {
    expect(recallAt(['a', 'x', 'y'], rel('a', 'b'), 100)).toBe(0.5);
    expect(mrrAt(['x', 'y', 'a'], rel('a'), 10)).toBeCloseTo(1 / 3, 10);
    expect(mrrAt(['x'], rel('a'), 10)).toBe(0);
  });

  it('averages over the queries of the qrels, counting missing runs as zero', () => {
    const qrels = new Map([
      ['q1', rel('a')],
      ['q2', rel('b')],
    ]);
    const s = scoreRun(new Map([['q1', ['a']]]), qrels);
    expect(s.queries).toBe(2);
    expect(s.ndcg10).toBeCloseTo(0.5, 10);
    expect(s.mrr10).toBeCloseTo(0.5, 10);
  });
});

describe('clinical set metrics', () => {
  const graded = new Map([
    ['good', 3],
    ['ok', 1],
    ['trap', 0],
    ['offtopic', 0],
  ]);
  const qrels = new Map([['q', graded]]);
  const traps = new Map([['q', new Set(['trap'])]]);

  it('counts traps, judged-zero and unjudged results in the top 10, out of 10', () => {
    const s = scoreClinical(new Map([['q', ['trap', 'offtopic', 'good', 'x', 'ok']]]), qrels, traps);
    expect(s.trap10).toBeCloseTo(0.1, 10);
    expect(s.zero10).toBeCloseTo(0.2, 10);
    expect(s.unjudged10).toBeCloseTo(0.1, 10);
    expect(s.mrr10).toBeCloseTo(1 / 3, 10);
    expect(shareAt(['trap'], undefined, 10)).toBe(0);
  });

  it('writes a TREC run: qid Q0 docid rank score tag, scores falling with rank', () => {
    const text = trecRun(new Map([['q1', ['d3', 'd1']]]), 'clinote-clinical');
    expect(text).toBe('q1 Q0 d3 1 2 clinote-clinical\nq1 Q0 d1 2 1 clinote-clinical\n');
    expect(trecRun(new Map(), 't')).toBe('');
  });
});
