import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { EngineError } from '../../../shared/result';
import type { DocMeta } from '../../../shared/types';
import { decodeText } from '../decodeText';
import type { Extraction, Extractor } from '../types';
import { textDocument } from '../types';
import { toIsoDate } from './dates';
import type { ColumnChoice, Row } from './exportColumns';
import { cellText, chooseColumns } from './exportColumns';
import { parseNoteMeta } from './noteMeta';

/**
 * Note exports, one note a row: CSV (.csv) and JSON Lines (.jsonl, .ndjson). Columns are chosen by name (see
 * exportColumns.ts). Rows parse a slice at a time with a turn of the event loop between slices, so a 15 MB export
 * (MTSamples: 5,000 notes) never stalls searches running in the same process.
 */

// Exports run larger than single notes; the file is in memory once already (the importer hashed it).
const SAMPLE_ROWS = 200;
const YIELD_EVERY = 200;
const MAX_TITLE = 120;

interface NumberedRow {
  /** 1-based: the line of a JSONL file, the record (after the header) of a CSV file. */
  n: number;
  row: Row;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

async function jsonlRows(file: string, source: string): Promise<{ columns: string[]; rows: NumberedRow[] }> {
  const rows: NumberedRow[] = [];
  const columns = new Set<string>();
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new EngineError(
        'FileUnreadable',
        `${file}: line ${i + 1} is not valid JSON (${(err as Error).message}).`,
        file,
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new EngineError(
        'BadInput',
        `${file}: line ${i + 1} is not a JSON object; each line of a JSONL export must be one note.`,
        file,
      );
    }
    if (rows.length < SAMPLE_ROWS) for (const k of Object.keys(value)) columns.add(k);
    rows.push({ n: i + 1, row: value as Row });
    if (i % YIELD_EVERY === 0) await tick();
  }
  return { columns: [...columns], rows };
}

/** The delimiter the header line uses most: Excel in many locales writes ";", some tools write tabs. */
function sniffDelimiter(source: string): string {
  const header = source.slice(0, source.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => ({ d, n: header.split(d).length - 1 }));
  return counts.sort((a, b) => b.n - a.n)[0]!.n > 0 ? counts[0]!.d : ',';
}

async function csvRows(file: string, source: string): Promise<{ columns: string[]; rows: NumberedRow[] }> {
  let columns: string[] = [];
  const parser = parse({
    bom: true,
    delimiter: sniffDelimiter(source),
    columns: (header: string[]) => (columns = header.map((h) => h.trim())),
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
  });
  const rows: NumberedRow[] = [];
  const chunks = function* () {
    for (let i = 0; i < source.length; i += 256 * 1024) yield source.slice(i, i + 256 * 1024);
  };
  try {
    for await (const record of Readable.from(chunks()).pipe(parser)) {
      rows.push({ n: rows.length + 1, row: record as Row });
      if (rows.length % YIELD_EVERY === 0) await tick();
    }
  } catch (err) {
    throw new EngineError('FileUnreadable', `${file}: not a readable CSV file (${(err as Error).message}).`, file);
  }
  return { columns, rows };
}

function rowKeys(rows: NumberedRow[], choice: ColumnChoice): string[] {
  const byRow = rows.map((r) => `row:${r.n}`);
  if (!choice.id) return byRow;
  const ids = rows.map((r) => cellText(r.row[choice.id!]).trim());
  // Ids make keys that survive rows being added or reordered, but only if every row has a distinct one.
  return ids.every(Boolean) && new Set(ids).size === ids.length ? ids.map((id) => `row:${id}`) : byRow;
}

function rowMeta(row: Row, choice: ColumnChoice, text: string): DocMeta {
  const meta: DocMeta = parseNoteMeta(text);
  const get = (col?: string) => (col ? cellText(row[col]).trim() : '');
  const date = toIsoDate(get(choice.date));
  if (date) meta.date = date;
  const fields: Array<[keyof DocMeta, string | undefined]> = [
    ['patient', choice.patient],
    ['mrn', choice.mrn],
    ['noteType', choice.noteType],
  ];
  for (const [field, col] of fields) {
    const v = get(col);
    if (v) meta[field] = v;
  }
  return meta;
}

/** The title column's value; else what the row says about itself ("Progress Note · Doe, Jane · 2024-03-07"). */
function rowTitle(row: Row, choice: ColumnChoice, meta: DocMeta, base: string, n: number): string {
  const value = choice.title ? cellText(row[choice.title]).replace(/\s+/g, ' ').trim() : '';
  if (value && choice.title !== choice.id)
    return value.length > MAX_TITLE ? `${value.slice(0, MAX_TITLE - 1)}…` : value;
  const described = [meta.noteType, meta.patient, meta.date].filter(Boolean).join(' · ');
  if (described) return described;
  const id = choice.id ? cellText(row[choice.id]).trim() : '';
  return id ? `${base} #${id}` : `${base} row ${n}`;
}

export const extractExport: Extractor = async (file, bytes, ctx) => {
  const source = decodeText(file, bytes);
  const isCsv = extname(file).toLowerCase() === '.csv';
  const { columns, rows } = isCsv ? await csvRows(file, source) : await jsonlRows(file, source);
  const choice = chooseColumns(
    columns,
    rows.slice(0, SAMPLE_ROWS).map((r) => r.row),
  );
  if (!choice) {
    const found = columns.length ? columns.map((c) => `"${c}"`).join(', ') : 'none';
    throw new EngineError(
      'BadInput',
      `${file}: no column holds note text (looked for transcription, text, note, note_text, body or content, or a column of long text). Columns found: ${found}.`,
      file,
    );
  }
  const keys = rowKeys(rows, choice);
  const base = basename(file, extname(file));
  const out: Extraction[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (ctx.signal?.aborted) throw new EngineError('Cancelled', 'Import cancelled.');
    const { n, row } = rows[i]!;
    const text = cellText(row[choice.text]).replace(/\r\n?/g, '\n').trim();
    if (!text) continue; // an empty note is not an error: exports often carry placeholder rows
    const meta = rowMeta(row, choice, text);
    out.push(
      textDocument(
        {
          key: keys[i]!,
          type: 'export',
          title: rowTitle(row, choice, meta, base, n),
          meta,
        },
        text,
      ),
    );
    if (i % YIELD_EVERY === 0) await tick();
  }
  if (out.length === 0)
    throw new EngineError('BadInput', `${file}: no row has text in the "${choice.text}" column.`, file);
  return out;
};
