import type { SearchHit, Span } from '../../../../electron/shared/types';

export type MarkKind = 'passage' | 'match';

export interface Segment {
  text: string;
  /** Offset of the segment in the text it was cut from. */
  start: number;
  passage: boolean;
  match: boolean;
}

/** Cuts `text` at every span edge; each piece knows which kinds of span cover it. Spans out of range are clipped. */
export function segment(text: string, marks: Array<{ span: Span; kind: MarkKind }>): Segment[] {
  const clipped = marks
    .map(({ span, kind }) => ({ kind, start: clamp(span.start, text.length), end: clamp(span.end, text.length) }))
    .filter((m) => m.end > m.start);
  const cuts = new Set([0, text.length]);
  for (const m of clipped) cuts.add(m.start).add(m.end);
  const edges = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < edges.length - 1; i++) {
    const start = edges[i]!;
    const end = edges[i + 1]!;
    const covering = clipped.filter((m) => m.start <= start && m.end >= end);
    out.push({
      text: text.slice(start, end),
      start,
      passage: covering.some((m) => m.kind === 'passage'),
      match: covering.some((m) => m.kind === 'match'),
    });
  }
  return out;
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(max, Math.floor(n)));
}

/** The hit's passage with its matched words, for a result card; matches are re-based onto the passage. */
export function passageSegments(hit: SearchHit): { segments: Segment[]; cutStart: boolean; cutEnd: boolean } {
  const { start, end } = hit.passage;
  const text = hit.text.slice(start, end);
  const marks = hit.matches.map((m) => ({ span: { start: m.start - start, end: m.end - start }, kind: 'match' as const }));
  return { segments: segment(text, marks), cutStart: start > 0, cutEnd: end < hit.text.length };
}

/**
 * Where the hit's passage and matches sit in its page's text. The offsets come from the index; if the page text
 * changed since (a file edited and not yet re-indexed) the chunk is looked up by content instead.
 */
export function pageMarks(pageText: string, hit: SearchHit): Array<{ span: Span; kind: MarkKind }> {
  let base = hit.pageSpan.start;
  if (pageText.slice(base, base + hit.text.length) !== hit.text) {
    const found = pageText.indexOf(hit.text);
    if (found < 0) return [];
    base = found;
  }
  const shift = (s: Span): Span => ({ start: s.start + base, end: s.end + base });
  return [
    { span: shift(hit.passage), kind: 'passage' },
    ...hit.matches.map((m) => ({ span: shift(m), kind: 'match' as const })),
  ];
}
