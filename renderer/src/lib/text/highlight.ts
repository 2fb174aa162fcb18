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

/**
 * What a result card shows: the passage, widened with the words around it up to about `maxChars` (a one-line
 * passage alone rarely says enough), with the passage and the matched words marked.
 */
export function cardSegments(
  hit: SearchHit,
  maxChars = 300,
): { segments: Segment[]; cutStart: boolean; cutEnd: boolean } {
  const { text, passage } = hit;
  const spare = Math.max(0, maxChars - (passage.end - passage.start));
  let start = Math.max(0, passage.start - Math.floor(spare / 3));
  let end = Math.min(text.length, passage.end + (spare - (passage.start - start)));
  // Cut at word edges so the card never starts or ends mid-word.
  if (start > 0) start = nextWordStart(text, start, passage.start);
  if (end < text.length) end = prevWordEnd(text, end, passage.end);
  const marks = [
    { span: { start: passage.start - start, end: passage.end - start }, kind: 'passage' as const },
    ...hit.matches.map((m) => ({ span: { start: m.start - start, end: m.end - start }, kind: 'match' as const })),
  ];
  return { segments: segment(text.slice(start, end), marks), cutStart: start > 0, cutEnd: end < text.length };
}

function nextWordStart(text: string, from: number, limit: number): number {
  const space = text.slice(from, limit).search(/\s\S/);
  return space < 0 ? from : from + space + 1;
}

function prevWordEnd(text: string, from: number, limit: number): number {
  const head = text.slice(limit, from);
  const space = head.search(/\S\s\S*$/);
  return space < 0 ? from : limit + space + 1;
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
