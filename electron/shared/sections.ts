/**
 * Clinical section headings as the engine stores them on each chunk: upper case, with common abbreviations folded to
 * one name (HPI → HISTORY OF PRESENT ILLNESS, A/P → ASSESSMENT AND PLAN; see electron/core/ingest/sections.ts). A
 * `section` search filter matches a stored name as a whole, so these are the choices the UI offers: the headings
 * most frequent across the MTSamples notes, in the order a note usually has them.
 */
export const SECTIONS = [
  'CHIEF COMPLAINT',
  'HISTORY OF PRESENT ILLNESS',
  'PAST MEDICAL HISTORY',
  'PAST SURGICAL HISTORY',
  'FAMILY HISTORY',
  'SOCIAL HISTORY',
  'MEDICATIONS',
  'ALLERGIES',
  'REVIEW OF SYSTEMS',
  'PHYSICAL EXAMINATION',
  'VITAL SIGNS',
  'LABORATORY DATA',
  'FINDINGS',
  'IMPRESSION',
  'ASSESSMENT',
  'PLAN',
  'ASSESSMENT AND PLAN',
  'PREOPERATIVE DIAGNOSIS',
  'POSTOPERATIVE DIAGNOSIS',
  'PROCEDURE',
  'INDICATIONS',
  'ANESTHESIA',
  'COMPLICATIONS',
  'DISPOSITION',
] as const;

const KNOWN = new Set<string>(SECTIONS);

/** "HISTORY OF PRESENT ILLNESS" → "History of present illness"; other headings (HEENT, ...) stay as written. */
export function readableSection(name: string): string {
  if (!KNOWN.has(name)) return name;
  return name.charAt(0) + name.slice(1).toLowerCase();
}
