import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractorFor, isSupported } from '../../../electron/core/ingest/registry';
import type { Extraction } from '../../../electron/core/ingest/types';
import { EngineError } from '../../../electron/shared/result';
import { SHARED, describeWithShared } from '../support';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/ingest');

async function extract(file: string): Promise<Extraction[]> {
  return (await extractorFor(file))(file, new Uint8Array(await readFile(file)), {});
}

async function textOf(ex: Extraction): Promise<string> {
  const out: string[] = [];
  for await (const p of ex.pages) out.push(p.text);
  return out.join('\n');
}

async function failure(file: string, bytes?: Uint8Array): Promise<EngineError> {
  try {
    await (
      await extractorFor(file)
    )(file, bytes ?? new Uint8Array(await readFile(file)), {});
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error(`${file} was accepted`);
}

describe('import formats through the registry', () => {
  it('registers every format', () => {
    for (const ext of ['rtf', 'docx', 'xml', 'cda', 'json', 'csv', 'jsonl', 'ndjson', 'txt', 'pdf']) {
      expect(isSupported(`/notes/x.${ext.toUpperCase()}`)).toBe(true);
    }
    expect(isSupported('/notes/x.doc')).toBe(false);
  });

  it('reads a real .docx (python-docx) with its header metadata', async () => {
    const [doc] = await extract(join(FIXTURES, 'consult_letter.docx'));
    expect(doc).toMatchObject({
      key: '',
      type: 'docx',
      title: 'consult_letter',
      meta: {
        patient: 'Harriet Quill',
        mrn: '44172291',
        date: '2024-03-14',
        author: 'Samuel Okafor, MD',
        noteType: 'Consultation',
      },
    });
    const text = await textOf(doc!);
    expect(text).toMatch(/paroxysmal atrial fibrillation/);
    expect(text).toMatch(/Apixaban/);
    expect(text).not.toMatch(/\n{3}/);
  });

  it('refuses a .docx that is not a Word file, naming the file and the reason', async () => {
    const err = await failure('/notes/old.docx', new TextEncoder().encode('\xd0\xcf\x11\xe0 legacy .doc bytes'));
    expect(err.kind).toBe('FileUnreadable');
    expect(err.message).toMatch(/^\/notes\/old\.docx: not a \.docx/);
    const zip = await failure('/notes/broken.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(zip.kind).toBe('FileUnreadable');
    expect(zip.message).toMatch(/broken\.docx: can't read the Word document/);
  });

  it('reads RTF, C-CDA and FHIR fixtures end to end', async () => {
    const [rtf] = await extract(join(FIXTURES, 'operative_report.rtf'));
    expect(rtf!.meta).toEqual({
      date: '2023-11-30',
      patient: 'Françoise Delacroix',
      mrn: '00318876',
      author: 'Dr. Malik Osei',
      noteType: 'Operative Report',
    });
    const [cda] = await extract(join(FIXTURES, 'discharge_summary.cda.xml'));
    expect(cda!.type).toBe('cda');
    expect(await textOf(cda!)).toMatch(/DISCHARGE MEDICATIONS:\nMedication \| Dose \| Frequency/);
    const bundle = await extract(join(FIXTURES, 'bundle.fhir.json'));
    expect(bundle.map((b) => b.key)).toEqual(['entry:ed-visit-1', 'entry:5', 'entry:fracture-clinic']);
  });

  it.each([
    ['not_cda.xml', 'UnsupportedFile', /root element <configuration>, not an HL7 C-CDA/],
    ['not_fhir.json', 'UnsupportedFile', /not_fhir\.json: JSON without a FHIR "resourceType"/],
    ['codes_only.csv', 'BadInput', /Columns found: "code", "value"/],
  ])('refuses %s with %s', async (name, kind, message) => {
    const err = await failure(join(FIXTURES, name));
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(join(FIXTURES, name));
  });
});

describeWithShared('MTSamples export (4,999 rows, 15 MB JSONL)', () => {
  it('imports every non-empty row quickly without stalling the event loop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clinote-mts-'));
    try {
      const parts = ['mtsamples.part1.jsonl.gz', 'mtsamples.part2.jsonl.gz'].map(async (p) =>
        gunzipSync(await readFile(join(SHARED, 'mtsamples', p))),
      );
      const file = join(dir, 'mtsamples.jsonl');
      await writeFile(file, Buffer.concat(await Promise.all(parts)));
      let maxLag = 0;
      let last = performance.now();
      const probe = setInterval(() => {
        const now = performance.now();
        maxLag = Math.max(maxLag, now - last - 10);
        last = now;
      }, 10);
      const started = performance.now();
      const rows = await extract(file);
      const ms = performance.now() - started;
      clearInterval(probe);
      console.info(
        `[mtsamples] ${rows.length} rows in ${ms.toFixed(0)} ms, longest event-loop stall ${maxLag.toFixed(0)} ms`,
      );
      expect(rows).toHaveLength(4966);
      expect(new Set(rows.map((r) => r.key)).size).toBe(4966);
      expect(rows[0]).toMatchObject({
        key: 'row:1',
        type: 'export',
        title: 'Allergic Rhinitis',
        meta: { noteType: 'Allergy / Immunology' },
      });
      expect(rows.some((r) => r.key === 'row:98')).toBe(false);
      expect(ms).toBeLessThan(20_000);
      expect(maxLag).toBeLessThan(1_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
