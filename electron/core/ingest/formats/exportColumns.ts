/**
 * Which columns of a note export (CSV/JSONL) hold the note text and its metadata. Names are matched after
 * normalising case, spaces and hyphens ("Note Text" = "note_text"); the first name of each list that exists wins.
 */

export type Row = Record<string, unknown>;

export interface ColumnChoice {
  text: string;
  title?: string;
  date?: string;
  patient?: string;
  mrn?: string;
  noteType?: string;
  id?: string;
}

const TEXT = ['transcription', 'text', 'note', 'note_text', 'body', 'content'];
const TITLE = ['sample_name', 'title', 'description', 'id'];
const DATE = ['date', 'note_date', 'service_date', 'date_of_service', 'visit_date'];
const PATIENT = ['patient', 'patient_name'];
const MRN = ['mrn', 'medical_record_number'];
const NOTE_TYPE = ['note_type', 'medical_specialty', 'type'];
const ID = ['id', 'note_id', 'row_id', 'document_id'];

/** A column whose values average at least this many characters can hold notes; shorter ones are labels or codes. */
export const MIN_TEXT_COLUMN_CHARS = 30;

export function normalizeColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

function pick(byName: Map<string, string>, names: string[], exclude: Set<string>): string | undefined {
  for (const n of names) {
    const col = byName.get(n);
    if (col !== undefined && !exclude.has(col)) return col;
  }
  return undefined;
}

function meanLength(col: string, sample: Row[]): number {
  let total = 0;
  let n = 0;
  for (const row of sample) {
    const v = row[col];
    if (typeof v !== 'string') continue;
    total += v.length;
    n++;
  }
  return n ? total / n : 0;
}

/**
 * The columns to read, or undefined when no column can hold note text (no named text column, and no string column
 * with notes-sized values in the sample).
 */
export function chooseColumns(columns: string[], sample: Row[]): ColumnChoice | undefined {
  const byName = new Map<string, string>();
  for (const c of columns) if (!byName.has(normalizeColumn(c))) byName.set(normalizeColumn(c), c);
  let text = pick(byName, TEXT, new Set());
  if (text === undefined) {
    const ranked = columns.map((c) => ({ c, len: meanLength(c, sample) })).sort((a, b) => b.len - a.len);
    if (ranked[0] && ranked[0].len >= MIN_TEXT_COLUMN_CHARS) text = ranked[0].c;
  }
  if (text === undefined) return undefined;
  const used = new Set([text]);
  const choice: ColumnChoice = { text };
  const fields: Array<[keyof Omit<ColumnChoice, 'text'>, string[]]> = [
    ['id', ID],
    ['title', TITLE],
    ['date', DATE],
    ['patient', PATIENT],
    ['mrn', MRN],
    ['noteType', NOTE_TYPE],
  ];
  for (const [field, names] of fields) {
    // The id column may also serve as the title; other columns are used once.
    const col = pick(byName, names, field === 'title' ? new Set([text]) : used);
    if (col === undefined) continue;
    choice[field] = col;
    if (field !== 'id') used.add(col);
  }
  return choice;
}
