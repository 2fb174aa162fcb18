import type { StoredSpan } from '../context';
import type { SectionStart } from './sections';
import { detectSections, sectionAt } from './sections';
import { sentenceRanges } from '../text/sentences';

export interface Chunk {
  text: string;
  page: number;
  /** Offsets into the page text. */
  start: number;
  end: number;
  section?: string;
  /** Context spans of the page that fall in this chunk (ingest/contextChunks.ts), offsets into `text`. */
  context?: StoredSpan[];
}

export interface ChunkOptions {
  /** Content tokens per chunk at most. */
  maxTokens: number;
  /** Tokens repeated between neighbouring chunks of one section. */
  overlapTokens: number;
  /**
   * A section heading ends the current chunk only once it holds this many tokens, so the one-line subsections of
   * an exam ("HEART: ...", "LUNGS: ...") travel together instead of becoming tiny chunks that match everything.
   */
  minSectionTokens?: number;
  countTokens: (text: string) => number;
}

interface Unit {
  start: number;
  end: number;
  tokens: number;
}

function splitUnits(text: string, opts: ChunkOptions, sections: SectionStart[]): Unit[] {
  const units: Unit[] = [];
  const cuts = new Set(sections.map((s) => s.start));
  for (const [sentenceStart, to] of sentenceRanges(text)) {
    // A heading inside a sentence-unit (",PAST SURGICAL HISTORY:,") starts a unit of its own.
    let from = sentenceStart;
    for (const cut of [...cuts].filter((c) => c > from && c < to).sort((a, b) => a - b)) {
      pushUnit(units, text, from, cut, opts);
      from = cut;
    }
    pushUnit(units, text, from, to, opts);
  }
  return units;
}

function pushUnit(units: Unit[], text: string, start: number, end: number, opts: ChunkOptions) {
  const piece = text.slice(start, end);
  if (!piece.trim()) return;
  const tokens = opts.countTokens(piece);
  if (tokens <= opts.maxTokens) {
    units.push({ start, end, tokens });
    return;
  }
  // An over-long sentence is cut at word boundaries.
  const words = [...piece.matchAll(/\S+\s*/g)];
  let from = start;
  let acc = 0;
  for (const w of words) {
    const wt = Math.max(1, opts.countTokens(w[0]));
    const wStart = start + w.index!;
    if (acc + wt > opts.maxTokens && wStart > from) {
      units.push({ start: from, end: wStart, tokens: acc });
      from = wStart;
      acc = 0;
    }
    if (wt > opts.maxTokens) {
      // One "word" over the whole budget (a rule of underscores, a URL, OCR noise) is cut by characters, or its
      // tail would be dropped when the model truncates the chunk.
      from = pushPieces(units, text, wStart, wStart + w[0].length, opts);
      acc = opts.countTokens(text.slice(from, wStart + w[0].length));
      continue;
    }
    acc += wt;
  }
  if (end > from) units.push({ start: from, end, tokens: acc });
}

/** Cuts text[start, end) into units within the budget; returns where the last, unpushed, piece starts. */
function pushPieces(units: Unit[], text: string, start: number, end: number, opts: ChunkOptions): number {
  let from = start;
  while (opts.countTokens(text.slice(from, end)) > opts.maxTokens) {
    let cut = from + 1;
    let step = Math.max(1, end - from);
    // The longest prefix within the budget, by halving steps (token counts grow with length).
    while (step >= 1) {
      if (cut + step < end && opts.countTokens(text.slice(from, cut + step)) <= opts.maxTokens) cut += step;
      else step = Math.floor(step / 2);
    }
    if (/[\uDC00-\uDFFF]/.test(text[cut] ?? '') && cut - 1 > from) cut--;
    units.push({ start: from, end: cut, tokens: opts.countTokens(text.slice(from, cut)) });
    from = cut;
  }
  return from;
}

/**
 * Token-aware chunks of one page: whole sentences packed up to maxTokens, neighbours overlapping by about
 * overlapTokens, never across a section heading when the chunk before it has content.
 */
export function chunkPage(page: number, text: string, opts: ChunkOptions): Chunk[] {
  const sections = detectSections(text);
  const sectionStarts = new Set(sections.map((s) => s.start));
  const units = splitUnits(text, opts, sections);
  const minSection = opts.minSectionTokens ?? Math.min(64, Math.floor(opts.maxTokens / 3));
  const cutsHere = (unit: number, tokens: number) => sectionStarts.has(units[unit]!.start) && tokens >= minSection;
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < units.length) {
    let j = i;
    let tokens = units[i]!.tokens;
    while (j + 1 < units.length && tokens + units[j + 1]!.tokens <= opts.maxTokens && !cutsHere(j + 1, tokens)) {
      j++;
      tokens += units[j]!.tokens;
    }
    const chunk = makeChunk(text, page, units[i]!.start, units[j]!.end, sections);
    // A unit of nothing but commas trims to nothing: no empty chunk to embed.
    if (chunk.end > chunk.start) chunks.push(chunk);
    if (j + 1 >= units.length) break;
    if (cutsHere(j + 1, tokens)) {
      i = j + 1;
      continue;
    }
    let k = j;
    let overlap = units[j]!.tokens;
    while (k > i + 1 && overlap + units[k - 1]!.tokens <= opts.overlapTokens) overlap += units[--k]!.tokens;
    i = overlap <= opts.overlapTokens && k > i ? k : j + 1;
  }
  return chunks;
}

function makeChunk(text: string, page: number, rawStart: number, rawEnd: number, sections: SectionStart[]): Chunk {
  let start = rawStart;
  let end = rawEnd;
  while (start < end && /\s|,/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  const section = sectionAt(sections, start);
  return { text: text.slice(start, end), page, start, end, ...(section ? { section } : {}) };
}
