import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../../electron/shared/types';
import { cardSegments, pageMarks, segment } from './highlight';

function hit(text: string, passage: [number, number], matches: Array<[number, number]>, pageStart = 0): SearchHit {
  return {
    docId: 'd',
    chunkId: 'c',
    title: 't',
    path: '/p',
    type: 'note',
    page: 1,
    text,
    pageSpan: { start: pageStart, end: pageStart + text.length },
    passage: { start: passage[0], end: passage[1] },
    matches: matches.map(([start, end]) => ({ start, end })),
    score: 1,
    scores: {},
    meta: {},
    source: 'local',
    context: 'affirmed',
    why: { side: 'both', relevance: 'strong', words: [], evidence: [] },
  };
}

const marked = (segs: ReturnType<typeof segment>) =>
  segs.map((s) => (s.match ? `[${s.text}]` : s.passage ? `{${s.text}}` : s.text)).join('');

describe('segment', () => {
  it('cuts at span edges and reports what covers each piece', () => {
    const segs = segment('no shortness of breath today', [
      { span: { start: 3, end: 22 }, kind: 'passage' },
      { span: { start: 3, end: 12 }, kind: 'match' },
    ]);
    expect(marked(segs)).toBe('no [shortness]{ of breath} today');
    expect(segs.find((s) => s.match)?.passage).toBe(true);
  });

  it('clips spans outside the text and drops empty ones', () => {
    expect(marked(segment('abc', [{ span: { start: 2, end: 99 }, kind: 'match' }]))).toBe('ab[c]');
    expect(segment('abc', [{ span: { start: 5, end: 9 }, kind: 'match' }])).toHaveLength(1);
  });
});

describe('cardSegments', () => {
  it('widens a short passage with whole words around it', () => {
    const text = 'History: the patient reports shortness of breath on exertion for two weeks and mild cough at night.';
    const start = text.indexOf('shortness');
    const h = hit(text, [start, start + 'shortness of breath'.length], [[start, start + 9]]);
    const card = cardSegments(h, 60);
    const shown = card.segments.map((s) => s.text).join('');
    expect(shown).toContain('shortness of breath');
    expect(shown.length).toBeLessThanOrEqual(60);
    expect(shown).toMatch(/^\S.*\S$/);
    expect(card.cutStart).toBe(true);
  });
});

describe('pageMarks', () => {
  it('moves chunk offsets onto the page', () => {
    const page = 'HPI: chest pain. ROS: no shortness of breath.';
    const chunk = page.slice(17);
    const h = hit(chunk, [0, chunk.length], [[8, 17]], 17);
    const marks = pageMarks(page, h);
    expect(page.slice(marks[1]!.span.start, marks[1]!.span.end)).toBe('shortness');
  });

  it('finds the chunk by content when the page text moved', () => {
    const page = 'Edited. HPI: chest pain. ROS: no shortness of breath.';
    const chunk = 'ROS: no shortness of breath.';
    const h = hit(chunk, [0, chunk.length], [[8, 17]], 17);
    expect(page.slice(pageMarks(page, h)[1]!.span.start).startsWith('shortness')).toBe(true);
  });
});
