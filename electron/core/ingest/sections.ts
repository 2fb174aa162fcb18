/**
 * Clinical note section headings: upper-case labels ending in a colon at the start of a line, a sentence, or after
 * the comma runs of exported notes ("HPI:,  The patient ..." / "...floor.,PAST SURGICAL HISTORY:, Includes").
 */
export interface SectionStart {
  start: number;
  name: string;
}

const HEADING = /(?:^|\n|[.,;]\s*|\s{2,})([A-Z][A-Z0-9 /&()'-]{1,58}[A-Z)])\s*:/g;

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
    const label = m[1]!;
    const letters = label.replace(/[^A-Z]/g, '');
    if (letters.length < 2 || (NOT_HEADINGS.has(label) && label !== 'CC')) continue;
    const start = m.index! + m[0].indexOf(label);
    out.push({ start, name: canonicalSection(label) });
  }
  return out;
}

/** The section a character offset falls in, given sorted starts. */
export function sectionAt(starts: SectionStart[], offset: number): string | undefined {
  let found: string | undefined;
  for (const s of starts) {
    if (s.start > offset) break;
    found = s.name;
  }
  return found;
}
