import { detectContext } from './detector';
import { defaultRules, normalizeSection } from './rules';
import type { RuleSet } from './rules';
import { findHeadings } from './sentences';
import type { ContextSpan, ModifierLabel } from './types';
import { PRECEDENCE } from './types';

/** A context span as a chunk stores it: offsets into the chunk's own text, and what set the label. */
export interface StoredSpan {
  start: number;
  end: number;
  label: ModifierLabel;
  /** The trigger words ("denies") or the section heading ("FAMILY HISTORY"). */
  cue: string;
}

/**
 * Context of a document's pages in order. Each page is read whole (a chunk's edges would cut sentences and
 * scopes), with the section the previous page ended in still in force: a family history that runs onto the next
 * page stays a family history.
 */
export class PageContext {
  private section: string | undefined;

  constructor(private readonly rules: RuleSet = defaultRules()) {}

  next(text: string): ContextSpan[] {
    const spans = detectContext(text, this.section === undefined ? {} : { section: this.section }, this.rules);
    const known = (name: string) => this.rules.sections.has(normalizeSection(name));
    const last = findHeadings(text, known).at(-1);
    if (last) this.section = last.name;
    return spans;
  }
}

/** The spans of a page that overlap the chunk page[start, end), clipped to it and made relative to `start`. */
export function clipSpans(spans: readonly ContextSpan[], start: number, end: number): StoredSpan[] {
  const out: StoredSpan[] = [];
  for (const s of spans) {
    if (s.end <= start || s.start >= end) continue;
    const cue = s.cause.kind === 'trigger' ? s.cause.text : s.cause.name;
    out.push({ start: Math.max(s.start, start) - start, end: Math.min(s.end, end) - start, label: s.label, cue });
  }
  return out;
}

type Packed = [number, number, ModifierLabel, string];

/** Compact JSON for the chunk table: `[[start, end, label, cue], ...]`. */
export function encodeSpans(spans: readonly StoredSpan[]): string {
  return JSON.stringify(spans.map((s): Packed => [s.start, s.end, s.label, s.cue]));
}

const LABELS = new Set<string>(PRECEDENCE);

/**
 * The spans stored with a chunk. A row written before context was stored holds null: no spans, so its mentions
 * read as affirmed until the backfill reaches it. Anything malformed is dropped rather than trusted.
 */
export function decodeSpans(json: string | null | undefined): StoredSpan[] {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: StoredSpan[] = [];
  for (const item of raw) {
    if (!Array.isArray(item)) continue;
    const [start, end, label, cue] = item as unknown[];
    if (typeof start !== 'number' || typeof end !== 'number' || typeof label !== 'string' || !LABELS.has(label))
      continue;
    out.push({ start, end, label: label as ModifierLabel, cue: typeof cue === 'string' ? cue : '' });
  }
  return out;
}
