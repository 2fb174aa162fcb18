/**
 * Clinical note section headings: upper-case labels ending in a colon at the start of a line, a sentence, or after
 * the comma runs of exported notes ("HPI:,  The patient ..." / "...floor.,PAST SURGICAL HISTORY:, Includes").
 */
export interface SectionStart {
  start: number;
  name: string;
}

// What may stand before a heading: the start, a line break, a sentence or comma mark (and spaces), or two spaces.
// The check is a lookbehind placed after the label's first letter, so it runs only at upper-case letters and walks
// back over the one run of spaces before each: a pattern that begins with `\s{2,}` or `[.,;]\s*` retries at every
// space of a long run and takes quadratic time (80,000 spaces took seconds).
const HEADING = /[A-Z](?<=(?:^|\n|[.,;]\s*|\s\s)[A-Z])[A-Z0-9 /&()'-]{1,58}[A-Z)](?=\s*:)/g;

/** Common abbreviations folded to one canonical name so filters work across note styles. */
const CANONICAL: Record<string, string> = {
  HPI: 'HISTORY OF PRESENT ILLNESS',
  'HISTORY OF PRESENT ILLNESS': 'HISTORY OF PRESENT ILLNESS',
  CC: 'CHIEF COMPLAINT',
  PMH: 'PAST MEDICAL HISTORY',
  PSH: 'PAST SURGICAL HISTORY',
  ROS: 'REVIEW OF SYSTEMS',
  'A/P': 'ASSESSMENT AND PLAN',
  'ASSESSMENT/PLAN': 'ASSESSMENT AND PLAN',
  'ASSESSMENT & PLAN': 'ASSESSMENT AND PLAN',
  MEDS: 'MEDICATIONS',
  'CURRENT MEDICATIONS': 'MEDICATIONS',
  NKDA: 'ALLERGIES',
};

// Upper-case words that end in a colon but are not headings.
const NOT_HEADINGS = new Set([
  'NOTE',
  'AM',
  'PM',
  'MG',
  'MD',
  'DR',
  'MR',
  'MS',
  'MRS',
  'RE',
  'CC',
  'BP',
  'HR',
  'RR',
  'O2',
]);

export function canonicalSection(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  return CANONICAL[clean] ?? clean;
}

export function detectSections(text: string): SectionStart[] {
  const out: SectionStart[] = [];
  for (const m of text.matchAll(HEADING)) {
    const label = m[0];
    const letters = label.replace(/[^A-Z]/g, '');
    if (letters.length < 2 || (NOT_HEADINGS.has(label) && label !== 'CC')) continue;
    out.push({ start: m.index, name: canonicalSection(label) });
  }
  return out;
}

/** The section a character offset falls in, given sorted starts (a binary search: a long note has thousands). */
export function sectionAt(starts: SectionStart[], offset: number): string | undefined {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]!.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? starts[lo - 1]!.name : undefined;
}
