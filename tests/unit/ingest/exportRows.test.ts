import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseColumns } from '../../../electron/core/ingest/formats/exportColumns';
import { extractExport } from '../../../electron/core/ingest/formats/exportRows';
import type { Extraction } from '../../../electron/core/ingest/types';
import type { EngineError } from '../../../electron/shared/result';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/ingest');
const enc = (s: string) => new TextEncoder().encode(s);

async function rows(file: string, content?: string): Promise<Array<Omit<Extraction, 'pages'> & { text: string }>> {
  const bytes = content === undefined ? new Uint8Array(readFileSync(resolve(FIXTURES, file))) : enc(content);
  const out = [];
  for (const { pages, ...rest } of await extractExport(file, bytes, {})) {
    let text = '';
    for await (const p of pages) text += p.text;
    out.push({ ...rest, text });
  }
  return out;
}

async function failure(file: string, content: string): Promise<EngineError> {
  try {
    await extractExport(file, enc(content), {});
  } catch (err) {
    return err as EngineError;
  }
  throw new Error('accepted');
}

describe('chooseColumns', () => {
  const long = 'x'.repeat(80);

  it('takes named columns, matching case, spaces and hyphens loosely', () => {
    const cols = ['Note ID', 'Patient Name', 'MRN', 'Service-Date', 'Note Type', 'Note Text', 'Body'];
    expect(chooseColumns(cols, [])).toEqual({
      text: 'Note Text',
      id: 'Note ID',
      date: 'Service-Date',
      patient: 'Patient Name',
      mrn: 'MRN',
      noteType: 'Note Type',
    });
  });

  it('prefers transcription over other text columns, as in MTSamples', () => {
    const cols = ['note_id', 'description', 'medical_specialty', 'sample_name', 'transcription', 'keywords'];
    expect(chooseColumns(cols, [])).toEqual({
      text: 'transcription',
      id: 'note_id',
      title: 'sample_name',
      noteType: 'medical_specialty',
    });
  });

  it('falls back to the longest string column, and to the id as title', () => {
    const sample = [{ id: '1', summary: 'short', narrative: long }];
    expect(chooseColumns(['id', 'summary', 'narrative'], sample)).toEqual({ text: 'narrative', id: 'id', title: 'id' });
  });

  it('finds no text column among short values', () => {
    expect(chooseColumns(['code', 'value'], [{ code: 'A1', value: '3' }])).toBeUndefined();
    expect(chooseColumns([], [])).toBeUndefined();
  });
});

describe('extractExport', () => {
  it('reads a CSV export: quoted multi-line cells, ids as keys, metadata columns, empty rows skipped', async () => {
    const out = await rows('notes_export.csv');
    expect(out.map((r) => r.key)).toEqual(['row:N-1001', 'row:N-1002', 'row:N-1004']);
    expect(out[0]).toEqual({
      key: 'row:N-1001',
      type: 'export',
      title: 'Progress Note · Okonkwo, Adaeze · 2024-03-07',
      meta: { date: '2024-03-07', patient: 'Okonkwo, Adaeze', mrn: '55120', noteType: 'Progress Note' },
      text: 'Seen for hypertension follow-up. BP 150/92 on amlodipine 5 mg.\nPlan: increase amlodipine to 10 mg; home BP diary.',
    });
    expect(out[1]!.text).toContain('"worse at night"');
    expect(out[2]!.meta.date).toBe('2024-03-21');
  });

  it('sniffs a semicolon delimiter and uses row numbers without an id column', async () => {
    const out = await rows('semicolon_export.csv');
    expect(out.map((r) => [r.key, r.title])).toEqual([
      ['row:1', 'semicolon_export row 1'],
      ['row:2', 'semicolon_export row 2'],
    ]);
    expect(out[0]!.text).toMatch(/^Patientin klagt über Schwindel/);
  });

  it('reads MTSamples JSONL rows with their line numbers or note ids as keys', async () => {
    const out = await rows('mtsamples_sample.jsonl');
    expect(out.map((r) => [r.key, r.title, r.meta.noteType])).toEqual([
      ['row:1', 'Allergic Rhinitis', 'Allergy / Immunology'],
      ['row:4', '2-D Echocardiogram - 1', 'Cardiovascular / Pulmonary'],
      ['row:3881', 'TAH - Discharge Summary', 'Discharge Summary'],
    ]);
    const noIds = await rows(
      'x.ndjson',
      '{"text":"first note"}\n\n{"text":""}\n{"text":"third note","date":"2020-02-02"}\n',
    );
    expect(noIds.map((r) => [r.key, r.text, r.meta.date])).toEqual([
      ['row:1', 'first note', undefined],
      ['row:4', 'third note', '2020-02-02'],
    ]);
  });

  it('uses row numbers when ids repeat', async () => {
    const out = await rows('dup.jsonl', '{"id":"a","text":"one"}\n{"id":"a","text":"two"}\n');
    expect(out.map((r) => r.key)).toEqual(['row:1', 'row:2']);
  });

  it.each([
    [
      'codes.csv',
      'code,value\nA1,3\n',
      'BadInput',
      /codes\.csv: no column holds note text .* Columns found: "code", "value"\./,
    ],
    ['empty.jsonl', '{"text":""}\n{"text":"  "}\n', 'BadInput', /empty\.jsonl: no row has text in the "text" column/],
    ['bad.jsonl', '{"text":"ok"}\n{"text": broken\n', 'FileUnreadable', /bad\.jsonl: line 2 is not valid JSON/],
    ['arr.jsonl', '{"text":"ok"}\n[1,2]\n', 'BadInput', /arr\.jsonl: line 2 is not a JSON object/],
    ['quote.csv', 'text\n"unterminated\n', 'FileUnreadable', /quote\.csv: not a readable CSV file/],
  ])('refuses %s', async (file, content, kind, message) => {
    const err = await failure(file, content);
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
  });
});
