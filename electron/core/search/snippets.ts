import type { Span } from '../../shared/types';
import { sentenceRanges } from '../text/sentences';

const STOP = new Set(
  'a an and are as at be but by for from has have in is it of on or that the this to was were with without not no patient patients'.split(
    ' ',
  ),
);

/** A light stemmer: enough that "fevers"/"fever" and "breathing"/"breath" match in highlights. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  for (const suffix of ['ingly', 'edly', 'ing', 'ies', 'ied', 'es', 'ed', 'ly', 's']) {
    if (w.length > suffix.length + 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w;
}

export function queryTerms(query: string): Set<string> {
  const terms = new Set<string>();
  for (const m of query.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    if (m[0].length < 2 || STOP.has(m[0])) continue;
    terms.add(stem(m[0]));
  }
  return terms;
}

/** Offsets of the words of `text` that match a query term. */
export function findMatches(text: string, terms: Set<string>): Span[] {
  const spans: Span[] = [];
  if (terms.size === 0) return spans;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (terms.has(stem(m[0]))) spans.push({ start: m.index!, end: m.index! + m[0].length });
  }
  return spans;
}

const MIN_PASSAGE_CHARS = 120;

/**
 * The passage to show and highlight: the window of one to three sentences with the most distinct query terms.
 * With no shared words (a purely semantic match) it is the chunk's opening sentences.
 */
export function bestPassage(text: string, matches: Span[], maxChars = 320): Span {
  const sentences = sentenceRanges(text).map(([start, end]) => ({ start, end }));
  if (sentences.length === 0) return { start: 0, end: Math.min(text.length, maxChars) };
  let best = { start: sentences[0]!.start, end: sentences[0]!.end, score: -1 };
  for (let i = 0; i < sentences.length; i++) {
    for (let j = i; j < Math.min(sentences.length, i + 3); j++) {
      const start = sentences[i]!.start;
      const end = sentences[j]!.end;
      if (end - start > maxChars && j > i) break;
      const inside = matches.filter((m) => m.start >= start && m.end <= end);
      const distinct = new Set(inside.map((m) => text.slice(m.start, m.end).toLowerCase())).size;
      const score = distinct * 10 + inside.length - (j - i) * 0.5;
      if (score > best.score) best = { start, end, score };
    }
  }
  // A lone fragment ("1.", "Do not use") says nothing: widen to the following sentences up to a readable length.
  let end = best.end;
  for (const s of sentences) if (s.start >= end && end - best.start < MIN_PASSAGE_CHARS) end = s.end;
  return trimSpan(text, { start: best.start, end: Math.min(end, best.start + Math.max(maxChars, 1)) });
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
