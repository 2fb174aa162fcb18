import type { ExpandOptions, QueryExpansion } from '../../shared/queryExpansion';
import type { ContextLabel } from '../../shared/types';
import { detectContext } from '../context';
import { contentWords, normKey, stemKey, tokenize } from './queryTokens';
import { expandQuery } from './vocabulary';

/**
 * One thing the query asks for: a word the user typed, or a run of words the vocabulary knows ("coughing up
 * blood"), satisfied by any of its wordings (each a list of stems that must all occur).
 */
export interface Slot {
  /** The query words, as typed, and where they start in the query. */
  text: string;
  start: number;
  wordings: Wording[];
  /** Which alternative of the query the slot belongs to: "vomit blood or black stools" has two, 0 and 1. */
  group?: number;
}

export interface Wording {
  /** Keys of its words (queryIntent.keyOf): stems of ordinary words, `=spelling` of shorthand. */
  stems: string[];
  /** The query words this wording was searched for in place of; absent for the user's own words. */
  via?: string;
}

/** What the query asks for and in what context: the reading the evidence of every hit is checked against. */
export interface QueryIntent {
  slots: Slot[];
  /** The context the query asks about: `negated` for "denies chest pain", `family` for "family history of ...". */
  target: ContextLabel;
  /** The query's words that ask for that context ("denies"). */
  cue?: string;
  expansion?: QueryExpansion;
}

export interface IntentOptions extends ExpandOptions {
  /** Widen the query with the clinical vocabulary (default true). */
  expand?: boolean;
}

/**
 * Reads a query: which context it asks about (the ConText detector run on the query itself), and the slots the
 * evidence must fill, the trigger words left out ("denies chest pain" asks for chest pain, denied).
 */
export function readQuery(query: string, opts: IntentOptions = {}): QueryIntent {
  const asked = askedContext(query);
  const expansion = opts.expand === false ? undefined : expandQuery(query, opts);
  const slots: Slot[] = [];
  const covered = new Set<number>();
  for (const e of expansion?.expansions ?? []) {
    let slot = slots.find((s) => s.text === e.from.text);
    if (!slot) {
      const own = stemsOf(e.from.text);
      slot = { text: e.from.text, start: e.from.start, wordings: own.length ? [{ stems: own }] : [] };
      slots.push(slot);
      for (const t of tokenize(e.from.text)) covered.add(e.from.start + t.start);
    }
    const stems = stemsOf(e.to);
    if (stems.length && !slot.wordings.some((w) => same(w.stems, stems)))
      slot.wordings.push({ stems, via: e.from.text });
  }
  for (const t of tokenize(query)) {
    if (covered.has(t.start) || (asked && t.start >= asked.from && t.end <= asked.to)) continue;
    const stems = stemsOf(t.text);
    if (stems.length && !slots.some((s) => s.wordings.some((w) => same(w.stems, stems))))
      slots.push({ text: t.text, start: t.start, wordings: [{ stems }] });
  }
  slots.sort((a, b) => a.start - b.start);
  markAlternatives(query, slots);
  // Slots inside the asking words ("family history of") were never meant as the subject.
  const subject = asked ? slots.filter((s) => s.start < asked.from || s.start + s.text.length > asked.to) : slots;
  const intent: QueryIntent = { slots: subject.length ? subject : slots, target: asked?.label ?? 'affirmed' };
  if (asked) intent.cue = query.slice(asked.from, asked.to);
  if (expansion) intent.expansion = expansion;
  return intent;
}

/** Keys of the words the full-text index scores. */
export function stemsOf(text: string): string[] {
  return tokenize(text)
    .filter((t) => contentWords(t.text).length > 0)
    .map((t) => keyOf(t.text));
}

/**
 * How a query word is matched in a note: ordinary words by stem ("coughing" finds "cough"), shorthand by its exact
 * spelling in any case, because stemming confuses it with words ("DOE" is the stem of "does", "MS" of "ms").
 * Shorthand here is a word with two capitals or more, or a slash ("s/p").
 */
export function keyOf(word: string): string {
  return SHORTHAND.test(word) ? `=${normKey(word)}` : stemKey(word);
}

const SHORTHAND = /[A-Z].*[A-Z]|\//;

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The context a query asks about, when it asks as a whole: a trigger at the start or end of the query whose scope
 * covers every other word ("denies chest pain", "family history of colon cancer", "breast cancer in her mother").
 * A trigger in the middle qualifies only part of the query ("lumbar puncture for suspected meningitis", "aspirin
 * does not reduce stroke") and leaves the query a plain one.
 */
export function askedContext(query: string): { label: ContextLabel; from: number; to: number } | undefined {
  const words = tokenize(query).filter((t) => contentWords(t.text).length > 0);
  if (words.length === 0) return undefined;
  const first = words[0]!.start;
  const last = words.at(-1)!.end;
  for (const span of detectContext(query)) {
    if (span.cause.kind !== 'trigger') continue;
    const { start, end } = span.cause;
    const atEdge = start <= first || end >= last;
    const rest = words.filter((w) => w.end <= start || w.start >= end);
    if (!atEdge || rest.length === 0) continue;
    if (rest.every((w) => w.start >= span.start && w.end <= span.end))
      return { label: span.label, from: start, to: end };
  }
  return undefined;
}

/**
 * Numbers the alternatives of a query joined by "or" ("vomit blood or black stools"): a sentence that holds one of
 * them holds the whole query. An "or" inside a phrase the vocabulary knows is not a split.
 */
function markAlternatives(query: string, slots: Slot[]): void {
  const splits = tokenize(query)
    .filter((t) => t.norm === 'or' && !slots.some((s) => t.start >= s.start && t.end <= s.start + s.text.length))
    .map((t) => t.start);
  if (splits.length === 0) return;
  for (const slot of slots) slot.group = splits.filter((at) => at < slot.start).length;
}
