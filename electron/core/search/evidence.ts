import type { ContextLabel, Evidence, MatchedWord, Span } from '../../shared/types';
import type { StoredSpan } from '../context';
import { PRECEDENCE } from '../context';
import type { QueryIntent } from './queryIntent';
import { findHits, wantedWords } from './wordHits';
import type { Hit } from './wordHits';

/** What a chunk says about the query: the sentences that carry it, and what the note asserts there. */
export interface ChunkEvidence {
  /** The evidence sentences, best first. */
  evidence: Evidence[];
  /** Share of the query's slots the best sentence fills (0 when no word of the query occurs). */
  coverage: number;
  /** Words of the chunk the query looked for, with their offsets (highlighting) and once each by spelling. */
  matches: Span[];
  words: MatchedWord[];
}

/**
 * A passage read for meaning counts as denied (or a relative's, ...) only when that label covers at least this share
 * of it: a chunk that is one review-of-systems denial list, or one family history section. Otherwise it is read as
 * affirmed: without shared words there is no telling which sentence the vector side matched.
 */
const MEANING_LABEL_SHARE = 0.6;

/** Reads a chunk's text against the query: its matched words, its evidence sentences and their context labels. */
export function readEvidence(text: string, spans: readonly StoredSpan[], intent: QueryIntent): ChunkEvidence {
  const hits = findHits(text, wantedWords(intent));
  const matches = hits.map(({ start, end }) => ({ start, end }));
  const words = matchedWords(text, hits, intent);
  let best = 0;
  const scored: Array<{ start: number; end: number; filled: Hit[][]; coverage: number }> = [];
  for (const { start, end, inside } of sentencesOf(text, hits)) {
    const { coverage, filled } = fill(intent, inside);
    if (coverage === 0) continue;
    scored.push({ start, end, filled, coverage });
    best = Math.max(best, coverage);
  }
  if (best === 0) return { evidence: [meaningEvidence(text, spans)], coverage: 0, matches, words };
  const evidence = scored
    .filter((s) => s.coverage === best)
    .map((s): Evidence => ({ ...trim(text, s), ...labelOf(spans, s.filled), by: 'words' }));
  return { evidence, coverage: best, matches, words };
}

/**
 * How much of the query a sentence holds: each slot counts by the best share of one wording's words present (so
 * "No nausea or vomiting" holds half of "vomit blood", and "Chest: clear" half of "chest pain"), averaged over the
 * slots. 1 means every slot is filled by a whole wording. `filled` holds, per slot present, the words that counted.
 */
function fill(intent: QueryIntent, inside: Hit[]): { coverage: number; filled: Hit[][] } {
  const present = new Set(inside.map((h) => h.stem));
  // Per alternative of the query ("A or B"): the sum of its slots' shares, their count, and the words that counted.
  const groups = new Map<number, { sum: number; slots: number; filled: Hit[][] }>();
  for (const slot of intent.slots) {
    let best = 0;
    let bestWording: string[] = [];
    for (const w of slot.wordings) {
      const share = w.stems.filter((s) => present.has(s)).length / w.stems.length;
      if (share > best) [best, bestWording] = [share, w.stems];
    }
    const g = groups.get(slot.group ?? 0) ?? { sum: 0, slots: 0, filled: [] };
    g.sum += best;
    g.slots++;
    if (best > 0) g.filled.push(inside.filter((h) => bestWording.includes(h.stem)));
    groups.set(slot.group ?? 0, g);
  }
  let out: { coverage: number; filled: Hit[][] } = { coverage: 0, filled: [] };
  for (const g of groups.values())
    if (g.sum / g.slots > out.coverage) out = { coverage: g.sum / g.slots, filled: g.filled };
  return out;
}

/**
 * The label of a sentence's evidence. Each part of the query found there takes the strongest label over any of its
 * words: a scope that reaches into a phrase qualifies all of it ("vessel free of disease" for "coronary artery
 * disease"). The sentence is affirmed when any part is (one that has the finding and denies something else still
 * has it), else it takes the strongest label of its parts.
 */
function labelOf(spans: readonly StoredSpan[], parts: Hit[][]): { label: ContextLabel; cue?: string } {
  let best: { label: ContextLabel; cue?: string } | undefined;
  for (const words of parts) {
    let part: { label: ContextLabel; cue?: string } = { label: 'affirmed' };
    for (const w of words) {
      const found = labelAt(spans, w.start, w.end);
      if (found.label !== 'affirmed' && (part.label === 'affirmed' || rank(found.label) < rank(part.label)))
        part = found;
    }
    if (part.label === 'affirmed') return part;
    if (!best || rank(part.label) < rank(best.label)) best = part;
  }
  return best ?? { label: 'affirmed' };
}

const rank = (label: ContextLabel) => PRECEDENCE.indexOf(label as (typeof PRECEDENCE)[number]);

/** The label of text[start, end): the highest-precedence stored span over it, with its cue, else affirmed. */
export function labelAt(
  spans: readonly StoredSpan[],
  start: number,
  end: number,
): { label: ContextLabel; cue?: string } {
  let best: StoredSpan | undefined;
  for (const s of spans) {
    if (s.start < end && start < s.end && (!best || rank(s.label) < rank(best.label))) best = s;
  }
  return best ? { label: best.label, cue: best.cue } : { label: 'affirmed' };
}

/**
 * Evidence of a chunk that shares no word with the query: the vector side matched the chunk as a whole, so it is
 * labelled only when one label covers most of it (the share per label is measured on the union of its spans, so
 * overlapping scopes count once). The span shown is the chunk's opening.
 */
function meaningEvidence(text: string, spans: readonly StoredSpan[]): Evidence {
  const whole = trim(text, { start: 0, end: text.length });
  const chosen = dominantLabel(spans, whole, MEANING_LABEL_SHARE);
  let end = sentenceAt(text, whole.start)[1];
  while (end < whole.end && end - whole.start < OPENING_CHARS) end = sentenceAt(text, end)[1];
  return {
    ...trim(text, { start: whole.start, end: Math.min(end, whole.start + MAX_OPENING_CHARS) }),
    ...chosen,
    by: 'meaning',
  };
}

const OPENING_CHARS = 120;
const MAX_OPENING_CHARS = 320;

/**
 * The sentences holding the hits, each with its hits. Only the sentences around hits are found, by scanning out from
 * each to the nearest sentence end: a chunk's full sentence split (Intl.Segmenter) cost more than the rest of the
 * evidence reading for every candidate of every search.
 */
function sentencesOf(text: string, hits: Hit[]): Array<{ start: number; end: number; inside: Hit[] }> {
  const out: Array<{ start: number; end: number; inside: Hit[] }> = [];
  for (const h of hits) {
    const last = out.at(-1);
    if (last && h.start < last.end) last.inside.push(h);
    else {
      const [start, end] = sentenceAt(text, h.start);
      out.push({ start, end, inside: [h] });
    }
  }
  return out;
}

/**
 * The sentence around `at`: from just after the previous sentence end to the next one, where a sentence ends at a line
 * break, or at . ? ! followed by a space or the comma of exported notes (".,"); "2.5 mg" does not end one.
 */
export function sentenceAt(text: string, at: number): [number, number] {
  let start = at;
  while (start > 0 && !endsSentence(text, start - 1)) start--;
  let end = at;
  while (end < text.length && !endsSentence(text, end)) end++;
  return [start, Math.min(text.length, end + 1)];
}

function endsSentence(text: string, i: number): boolean {
  const ch = text[i];
  if (ch === '\n') return true;
  if (ch !== '.' && ch !== '?' && ch !== '!') return false;
  const next = text[i + 1];
  return next === undefined || next === ' ' || next === '\n' || next === '\t' || next === ',';
}

/**
 * The context of one sentence of `text` for this query: from the query's words in it when it has some (as evidence
 * is read), else the label covering at least `share` of it.
 */
export function sentenceLabel(
  text: string,
  spans: readonly StoredSpan[],
  intent: QueryIntent,
  sentence: Span,
  share: number,
): { label: ContextLabel; cue?: string } {
  const inside = findHits(text, wantedWords(intent)).filter((h) => h.start >= sentence.start && h.end <= sentence.end);
  const { filled } = fill(intent, inside);
  return filled.length ? labelOf(spans, filled) : dominantLabel(spans, sentence, share);
}

/** The label that covers at least `share` of `within` (by precedence when several do), else affirmed. */
export function dominantLabel(
  spans: readonly StoredSpan[],
  within: Span,
  share: number,
): { label: ContextLabel; cue?: string } {
  const length = Math.max(1, within.end - within.start);
  for (const label of PRECEDENCE) {
    const own = spans.filter((s) => s.label === label);
    if (own.length && covered(own, within) / length >= share) return { label, cue: own[0]!.cue };
  }
  return { label: 'affirmed' };
}

function covered(spans: readonly StoredSpan[], within: Span): number {
  const parts = spans
    .map((s) => [Math.max(s.start, within.start), Math.min(s.end, within.end)] as const)
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = within.start;
  for (const [a, b] of parts) {
    if (b <= reach) continue;
    total += b - Math.max(a, reach);
    reach = b;
  }
  return total;
}

function matchedWords(text: string, hits: Hit[], intent: QueryIntent): MatchedWord[] {
  const via = new Map<string, string>();
  const own = new Set<string>();
  for (const slot of intent.slots) {
    for (const w of slot.wordings) {
      for (const s of w.stems) {
        if (w.via) via.set(s, w.via);
        else own.add(s);
      }
    }
  }
  const out = new Map<string, MatchedWord>();
  for (const h of hits) {
    const word = text.slice(h.start, h.end).toLowerCase();
    if (out.has(word)) continue;
    const from = own.has(h.stem) ? undefined : via.get(h.stem);
    out.set(word, from ? { text: word, via: from } : { text: word });
  }
  return [...out.values()];
}

function trim(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
