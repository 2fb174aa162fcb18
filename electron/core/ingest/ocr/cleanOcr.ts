/**
 * Tesseract reads pictures, stamps and logos beside the text as runs of junk "words" ("i Wl 2. 7 Es the branches
 * ..."), and junk in the index spoils snippets and embeddings. It gives such runs low confidence, and real text
 * high confidence in runs, so a line keeps the words from its first to its last run of two confident words; the
 * part before or after is dropped only when it is junk on average, so a merely faint word at a line's end stays.
 * A line with no confident run is kept when its average is tolerable, so a poor but real scan is not thrown away.
 */

export interface OcrWord {
  text: string;
  /** 0–100, as Tesseract reports it. */
  confidence: number;
}

export interface OcrLine {
  words: OcrWord[];
}

export interface OcrParagraph {
  lines: OcrLine[];
}

/** A word this confident is text. */
export const CONFIDENT = 70;
/** Words before the first (after the last) confident run are dropped when their mean is below this. */
export const JUNK_MEAN = 50;
/** A line with no confident run is kept when its mean confidence reaches this. */
export const LINE_MIN = 45;

function mean(words: OcrWord[]): number {
  return words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
}

export function cleanLine(line: OcrLine): string {
  const words = line.words.filter((w) => w.text.trim());
  if (words.length === 0) return '';
  const good = (i: number) => (words[i]?.confidence ?? 0) >= CONFIDENT;
  const anchored = (i: number) => good(i) && (words.length === 1 || good(i - 1) || good(i + 1));
  let start = words.findIndex((_w, i) => anchored(i));
  if (start < 0) return mean(words) >= LINE_MIN ? join(words) : '';
  let end = words.length - 1;
  while (!anchored(end)) end--;
  if (mean(words.slice(0, start)) >= JUNK_MEAN) start = 0;
  if (mean(words.slice(end + 1)) >= JUNK_MEAN) end = words.length - 1;
  return join(words.slice(start, end + 1));
}

function join(words: OcrWord[]): string {
  return words
    .map((w) => w.text.trim())
    .join(' ')
    .trim();
}

/** Page text from Tesseract's paragraphs: cleaned lines, paragraphs separated by a blank line. */
export function cleanOcrText(paragraphs: OcrParagraph[]): string {
  return paragraphs
    .map((p) =>
      p.lines
        .map(cleanLine)
        .filter((l) => l.length > 0)
        .join('\n'),
    )
    .filter((p) => p.length > 0)
    .join('\n\n');
}
