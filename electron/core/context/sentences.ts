import { sentenceRanges } from '../text/sentences';

/**
 * Splits clinical text into the units a trigger's scope may not cross: section headings ("FAMILY HISTORY:", also the
 * comma runs of exported notes, "HPI:,  The patient"), hard line breaks, and sentences (text/sentences.ts). Every step is
 * one pass over the text; headings are found from their colon, looking back at most MAX_HEADING characters.
 */
export interface Segment {
  start: number;
  end: number;
  /** The section heading in force, as written (or as passed in for the start of the text). */
  section?: string;
}

export interface Heading {
  /** Offset of the heading's first letter. */
  start: number;
  /** Offset just after its colon. */
  end: number;
  name: string;
}

const MAX_HEADING = 60;
// Upper-case words that end in a colon but do not open a section (vital signs, times, titles).
const NOT_HEADINGS = new Set(['NOTE', 'AM', 'PM', 'MG', 'MD', 'DR', 'MR', 'MS', 'MRS', 'RE', 'BP', 'HR', 'RR', 'O2']);

function isUpperHeadingChar(ch: string): boolean {
  return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || " /&()'-".includes(ch);
}

function isAnyHeadingChar(ch: string): boolean {
  return isUpperHeadingChar(ch) || (ch >= 'a' && ch <= 'z');
}

/** True when text[at] starts a heading: text start, a new line, after . , ; or after two or more spaces. */
function opensHeading(text: string, at: number): boolean {
  let j = at - 1;
  let spaces = 0;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) {
    j--;
    spaces++;
  }
  if (j < 0) return true;
  const ch = text[j]!;
  return ch === '\n' || ch === '\r' || ch === '.' || ch === ',' || ch === ';' || spaces >= 2;
}

/** Start of the label that ends just before the colon at `colon`, or -1. */
function labelStart(text: string, colon: number, accept: (ch: string) => boolean): number {
  let j = colon - 1;
  while (j >= 0 && colon - j <= MAX_HEADING && accept(text[j]!)) j--;
  let start = j + 1;
  while (start < colon && text[start] === ' ') start++;
  return start < colon ? start : -1;
}

function upperHeading(text: string, colon: number): number {
  const start = labelStart(text, colon, isUpperHeadingChar);
  if (start < 0 || colon - start > MAX_HEADING) return -1;
  const first = text[start]!;
  const last = text.slice(start, colon).trimEnd();
  const lastCh = last[last.length - 1] ?? '';
  if (!(first >= 'A' && first <= 'Z') || !((lastCh >= 'A' && lastCh <= 'Z') || lastCh === ')')) return -1;
  let letters = 0;
  for (const ch of last) if (ch >= 'A' && ch <= 'Z') letters++;
  if (letters < 2 || NOT_HEADINGS.has(last)) return -1;
  return opensHeading(text, start) ? start : -1;
}

/**
 * Headings in text: upper-case labels ending in a colon where a heading can open, and any-case labels whose name
 * `known` recognises ("Family History:"), so a mixed-case note still switches sections.
 */
export function findHeadings(text: string, known: (name: string) => boolean): Heading[] {
  const out: Heading[] = [];
  for (let c = text.indexOf(':'); c >= 0; c = text.indexOf(':', c + 1)) {
    let start = upperHeading(text, c);
    if (start < 0) {
      const s = labelStart(text, c, isAnyHeadingChar);
      if (s >= 0 && opensHeading(text, s) && known(text.slice(s, c))) start = s;
    }
    if (start >= 0) out.push({ start, end: c + 1, name: text.slice(start, c).trim().split(/\s+/).join(' ') });
  }
  return out;
}

function nextNonSpace(text: string, i: number, end: number): number {
  while (i < end && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  return i;
}

function prevNonSpace(text: string, i: number, start: number): number {
  while (i >= start && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i--;
  return i;
}

/**
 * A line break ends a unit unless the text plainly runs on: the next line starts in lower case (wrapped prose, a
 * wrapped list) or the line ends with a comma, colon or hyphen.
 */
function lineBlocks(text: string, start: number, end: number): [number, number][] {
  const blocks: [number, number][] = [];
  let from = start;
  for (let nl = text.indexOf('\n', start); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    const next = nextNonSpace(text, nl + 1, end);
    const prev = prevNonSpace(text, nl - 1, from);
    const nextCh = text[next] ?? '';
    const prevCh = prev >= from ? text[prev]! : '';
    const runsOn =
      nextCh !== '\n' && ((nextCh >= 'a' && nextCh <= 'z') || prevCh === ',' || prevCh === ':' || prevCh === '-');
    if (!runsOn) {
      blocks.push([from, nl]);
      from = nl + 1;
    }
  }
  blocks.push([from, end]);
  return blocks;
}

/** Exported notes mark their lost line breaks with ".," ("No fever.,Neck: Supple"); Intl.Segmenter does not split there. */
function commaBreaks(text: string, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let from = start;
  for (let i = start; i < end - 1; i++) {
    if (text[i] === '.' && text[i + 1] === ',') {
      out.push([from, i + 1]);
      from = i + 2;
    }
  }
  out.push([from, end]);
  return out;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

function push(out: Segment[], start: number, end: number, section: string | undefined): void {
  out.push(section === undefined ? { start, end } : { start, end, section });
}

function sentences(text: string, start: number, end: number, section: string | undefined, out: Segment[]): void {
  const blocks = lineBlocks(text, start, end).flatMap(([a, b]) => commaBreaks(text, a, b));
  for (const [from, to] of blocks) {
    // Line breaks that end a unit were cut above; the ones left inside a block are wrapped prose.
    for (const [a, b] of sentenceRanges(text, from, to, { lineBreaks: false })) {
      if (!isBlank(text, a, b)) push(out, a, b, section);
    }
  }
}

/** Units of text in order, each with the section in force. */
export function segment(text: string, known: (name: string) => boolean, section?: string): Segment[] {
  const out: Segment[] = [];
  let from = 0;
  let current = section;
  for (const h of findHeadings(text, known)) {
    sentences(text, from, h.start, current, out);
    current = h.name;
    from = h.end;
  }
  sentences(text, from, text.length, current, out);
  return out;
}
