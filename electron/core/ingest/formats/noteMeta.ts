import type { DocMeta } from '../../../shared/types';
import { toIsoDate } from './dates';

/**
 * Metadata a plain note states about itself in labelled header lines ("DATE OF SERVICE: 01/02/2023",
 * "PATIENT NAME: ...", "MRN: ...", "DICTATED BY: ..."), and its note type from a leading heading
 * ("DISCHARGE SUMMARY"). Only the head of the note is read for most fields, so a date or name mentioned in the
 * narrative is not mistaken for the note's own; the signature block ("DICTATED BY") is looked for at the end too.
 */

const HEAD_LINES = 40;
const TAIL_LINES = 25;

// Earlier labels win: a note's date of service beats its admission date, which beats a bare "DATE:".
const DATE_LABELS = [
  'DATE OF SERVICE',
  'SERVICE DATE',
  'DOS',
  'DATE OF VISIT',
  'VISIT DATE',
  'DATE OF PROCEDURE',
  'PROCEDURE DATE',
  'DATE OF OPERATION',
  'DATE OF SURGERY',
  'DATE OF EXAM',
  'EXAM DATE',
  'DATE OF CONSULTATION',
  'DATE OF DISCHARGE',
  'DISCHARGE DATE',
  'DATE OF ADMISSION',
  'ADMISSION DATE',
  'NOTE DATE',
  'REPORT DATE',
  'DATE',
];
const PATIENT_LABELS = ['PATIENT NAME', 'PATIENT', 'PT NAME', "PATIENT'S NAME"];
const MRN_LABELS = ['MRN', 'MEDICAL RECORD NUMBER', 'MEDICAL RECORD NO', 'MEDICAL RECORD', 'MED REC NO', 'MR NO', 'MR'];
const AUTHOR_LABELS_HEAD = [
  'PROVIDER',
  'ATTENDING PHYSICIAN',
  'ATTENDING',
  'AUTHOR',
  'PHYSICIAN',
  'SURGEON',
  'DICTATED BY',
];
const AUTHOR_LABELS_TAIL = ['DICTATED BY', 'ELECTRONICALLY SIGNED BY', 'SIGNED BY', 'DICTATED AND SIGNED BY'];
const TYPE_LABELS = ['NOTE TYPE', 'DOCUMENT TYPE', 'REPORT TYPE'];

// A standalone heading naming a kind of note; the words a note-type heading ends with or is.
const NOTE_TYPE_HEADING =
  /^(?:[A-Z][A-Z&/ -]{0,50} )?(?:SUMMARY|REPORT|NOTE|CONSULTATION|CONSULT|HISTORY AND PHYSICAL|HISTORY & PHYSICAL|H&P|EVALUATION|LETTER)$/;

// Names as notes write them ("Jane Q. Doe", "DOE, JANE", "John Smith, MD"): capitalised words, a few particles.
const NAME_WORD = /^(?:\p{Lu}[\p{L}.'’-]*,?|van|von|de|da|del|der|di|la|le)$/u;

function escape(label: string): string {
  return label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

const labelPatterns = new Map<string, RegExp>();
function labelPattern(label: string): RegExp {
  let re = labelPatterns.get(label);
  if (!re) {
    re = new RegExp(escape(label), 'gi');
    labelPatterns.set(label, re);
  }
  return re;
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/**
 * Whether a label at `at` starts a field: at the line's start (after any spaces), after "|" or ";", or after two
 * spaces or a tab; `anySpace` also allows one space. Checked here rather than in the pattern: a pattern opening with
 * `\s{2,}\s*` retries at every space of a long run, which took about a second per 400-character line.
 */
function startsField(line: string, at: number, anySpace: boolean): boolean {
  if (at === 0 || (anySpace && /[\s|;]/.test(line[at - 1]!))) return true;
  let i = at;
  while (i > 0 && isSpace(line[i - 1])) i--;
  const run = at - i;
  return i === 0 || run >= 2 || (run === 1 && line[i] === '\t') || line[i - 1] === '|' || line[i - 1] === ';';
}

// After a label: an optional ".", then ":" or "#" (which may stand for the colon), an optional "," and spaces.
const AFTER_LABEL = /\.?\s*(?:#\s*:?|:),?\s*/y;

/** A field's value from `from`: up to two spaces, a tab, "|", ";" or the line's end, without trailing space. */
function fieldValue(line: string, from: number): string {
  let i = from;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '\t' || ch === '|' || ch === ';' || (isSpace(ch) && isSpace(line[i + 1]))) break;
    i++;
  }
  return line.slice(from, i).trimEnd();
}

/** The value of the first field of `line` that `label` starts ('' when it has none, undefined when none is there). */
function fieldIn(line: string, label: string, anySpace: boolean): string | undefined {
  const re = labelPattern(label);
  re.lastIndex = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    AFTER_LABEL.lastIndex = m.index + m[0].length;
    if (startsField(line, m.index, anySpace) && AFTER_LABEL.test(line)) return fieldValue(line, AFTER_LABEL.lastIndex);
    re.lastIndex = m.index + 1;
  }
  return undefined;
}

/**
 * The value after the first label (in priority order) that starts a line or a field of an aligned header
 * ("Patient: Jane Doe    MRN: 12345"). A field ends at two spaces, a tab, "|" or ";". "#" may stand for the colon.
 * Distinctive labels (MRN) may follow a single space, so "Patient: Ana Souza MRN: 88120" works too.
 */
function labelled(lines: string[], labels: string[], anySpace = false): string | undefined {
  for (const label of labels) {
    for (const line of lines) {
      const value = fieldIn(line, label, anySpace);
      if (value) return value;
    }
  }
  return undefined;
}

// Labels that may follow a name on the same line, single-spaced ("Patient: Ana Souza MRN: 88120").
const AFTER_NAME = new RegExp(
  `\\s+(?=(?:${[...MRN_LABELS, 'DOB', 'DATE OF BIRTH', 'AGE', 'SEX', 'GENDER', 'ACCOUNT', 'ACCT', 'ROOM', 'PCP', 'DATE'].map(escape).join('|')})\\.?\\s*[:#])`,
  'i',
);

/** A person's name as written; a following single-spaced label ("Jane Doe MRN: 1") is cut off. */
function cleanName(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const name = raw
    .split(AFTER_NAME)[0]!
    .replace(/[\s,;.]+$/, '')
    .trim();
  const words = name.split(/\s+/);
  if (name.length > 60 || words.length > 6 || !/\p{L}{2}/u.test(name)) return undefined;
  return words.every((w) => NAME_WORD.test(w)) ? name : undefined;
}

function titleCase(s: string): string {
  return s
    .toLowerCase()
    .replace(/(^|[\s/&-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase())
    .replace(/\bH&p\b/, 'H&P');
}

function noteType(lines: string[], fields: string[]): string | undefined {
  const stated = labelled(fields, TYPE_LABELS);
  if (stated && stated.length <= 60) return stated.trim();
  for (const raw of lines.slice(0, 12)) {
    const line = raw.trim().replace(/:$/, '').replace(/\s+/g, ' ');
    if (line && NOTE_TYPE_HEADING.test(line)) return titleCase(line);
  }
  return undefined;
}

function mrn(lines: string[]): string | undefined {
  const raw = labelled(lines, MRN_LABELS, true);
  const m = raw ? /^([A-Z0-9][A-Z0-9-]{2,24})\b/i.exec(raw.trim()) : null;
  return m && /\d/.test(m[1]!) ? m[1] : undefined;
}

// Header fields sit at a line's start; a long line is narrative (exports hold whole notes on one line), so only its
// start is searched. This keeps a 5,000-row export's metadata pass well under a second.
const MAX_LINE = 400;

function labelLines(lines: string[]): string[] {
  return lines.map((l) => l.slice(0, MAX_LINE)).filter((l) => l.includes(':') || l.includes('#'));
}

export function parseNoteMeta(text: string): DocMeta {
  const lines = text.split(/\r\n?|\n/, HEAD_LINES + 1);
  const all = lines.length > HEAD_LINES ? text.split(/\r\n?|\n/) : lines;
  const head = labelLines(all.slice(0, HEAD_LINES));
  const tail = all.length > HEAD_LINES ? labelLines(all.slice(-TAIL_LINES)) : [];
  const meta: DocMeta = {};
  const dateText = labelled(head, DATE_LABELS);
  const date = dateText ? toIsoDate(dateText) : undefined;
  if (date) meta.date = date;
  const patient = cleanName(labelled(head, PATIENT_LABELS));
  if (patient) meta.patient = patient;
  const record = mrn(head);
  if (record) meta.mrn = record;
  const author = cleanName(labelled(head, AUTHOR_LABELS_HEAD) ?? labelled(tail, AUTHOR_LABELS_TAIL));
  if (author) meta.author = author;
  const type = noteType(all.slice(0, HEAD_LINES), head);
  if (type) meta.noteType = type;
  return meta;
}
