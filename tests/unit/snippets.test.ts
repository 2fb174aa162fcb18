import { describe, expect, it } from 'vitest';
import { filtersToWhere } from '../../electron/core/search/filters';
import { bestPassage, findMatches, queryTerms, stem } from '../../electron/core/search/snippets';

describe('snippets', () => {
  it('matches query words across simple inflections and skips stop words', () => {
    const terms = queryTerms('the fevers and breathing');
    expect([...terms]).toEqual([stem('fevers'), stem('breathing')]);
    const text = 'Patient had a fever. Breathing was laboured.';
    expect(findMatches(text, terms).map((m) => text.slice(m.start, m.end))).toEqual(['fever', 'Breathing']);
  });

  it('picks the sentence window holding the most distinct query words', () => {
    const text = 'Vitals stable. No chest pain. Reports dyspnea on exertion climbing stairs. Plan follow-up.';
    const matches = findMatches(text, queryTerms('dyspnea exertion stairs'));
    const p = bestPassage(text, matches);
    expect(text.slice(p.start, p.end)).toContain('dyspnea on exertion climbing stairs');
    expect(text.slice(p.start, p.end)).not.toContain('Vitals');
  });

  it('widens a fragment passage to a readable length', () => {
    const text =
      '1. Do not use. If pregnant or breast-feeding, ask a health professional before use. Keep out of reach of children.';
    const p = bestPassage(text, findMatches(text, queryTerms('do not use')));
    expect(p.end - p.start).toBeGreaterThanOrEqual(60);
    expect(text.slice(p.start, p.end)).toContain('pregnant');
  });

  it('falls back to the opening of the chunk when no word matches', () => {
    const text = 'Dyspnea climbing stairs. Other text.';
    const p = bestPassage(text, []);
    expect(p.start).toBe(0);
    expect(text.slice(p.start, p.end)).toContain('Dyspnea');
  });
});

describe('filtersToWhere', () => {
  it('builds a quoted SQL predicate', () => {
    expect(filtersToWhere({ types: ['pdf', 'note'], dateFrom: '2024-01-01', section: 'assessment' })).toBe(
      "type IN ('pdf', 'note') AND date >= '2024-01-01' AND section = 'ASSESSMENT'",
    );
    expect(filtersToWhere({ folder: "/data/o'brien/" })).toBe(
      "(folder = '/data/o''brien' OR starts_with(folder, '/data/o''brien/'))",
    );
    expect(filtersToWhere({})).toBeUndefined();
  });
});
