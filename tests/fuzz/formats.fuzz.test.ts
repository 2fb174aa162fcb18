import fc from 'fast-check';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCda } from '../../electron/core/ingest/formats/cda';
import { extractDocx } from '../../electron/core/ingest/formats/docx';
import { extractExport } from '../../electron/core/ingest/formats/exportRows';
import { extractFhir } from '../../electron/core/ingest/formats/fhir';
import { extractRtf } from '../../electron/core/ingest/formats/rtf';
import { extractPdf } from '../../electron/core/ingest/pdf';
import type { Extraction, Extractor } from '../../electron/core/ingest/types';
import { params, refusedCleanly, timedAsync, timeFor } from './budget';
import { mutated } from './generators';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every page of every document read to the end: extraction is lazy, so errors may only show while reading. */
async function drain(docs: Extraction[]): Promise<number> {
  let chars = 0;
  for (const doc of docs) {
    expect(typeof doc.title).toBe('string');
    for await (const page of doc.pages) {
      expect(typeof page.text).toBe('string');
      chars += page.text.length;
    }
  }
  return chars;
}

/** Extracts within the budget; success or a clean EngineError naming the file are the only outcomes. */
function survives(extract: Extractor, file: string, budgetMs: number) {
  return async (bytes: Uint8Array): Promise<void> => {
    await timedAsync(budgetMs, file, () => refusedCleanly(file, async () => drain(await extract(file, bytes, {}))));
  };
}

/** Markup mutations at the text level: tags, entities and junk inserted, spans cut, the end chopped. */
function mutatedText(original: string): fc.Arbitrary<string> {
  const junk = fc.oneof(
    fc.constantFrom(
      '<',
      '>',
      '</',
      '/>',
      '&',
      '&amp;',
      '&#0;',
      '&#xD800;',
      '<![CDATA[',
      ']]>',
      '<!--',
      '"',
      "'",
      '\u0000',
    ),
    fc.constantFrom('<text>', '</text>', '<section>', '<title/>', '<br/>', '<table><tr><td>', '{', '}', '[', ']', ','),
    fc.string({ maxLength: 30 }),
  );
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 200 }), junk);
  return fc.array(edit, { minLength: 1, maxLength: 10 }).map((edits) => {
    let s = original;
    for (const [at, cut, ins] of edits) {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + ins + s.slice(i + (cut % 40));
    }
    return s;
  });
}

describe('fuzz: document formats', () => {
  it(
    'PDF: mutated files are read or refused cleanly, within the time budget',
    async () => {
      const originals = [
        fixture('ingest/mixed_text_and_scan.pdf'),
        fixture('e2e/fda_guidance_CMC_Stability_Testing_Drug_Products.pdf'),
      ];
      const input = fc.oneof(...originals.map((o) => mutated(o, 6)), fc.uint8Array({ maxLength: 2048 }));
      await fc.assert(fc.asyncProperty(input, survives(extractPdf, 'scan.pdf', 10_000)), params('pdf', 60, 1500));
    },
    timeFor(1500, 200),
  );

  it(
    'RTF: generated and mutated documents are read or refused cleanly',
    async () => {
      const word = fc.constantFrom(
        '\\par',
        '\\b',
        '\\b0',
        "\\'e9",
        "\\'zz",
        '\\u8212?',
        '\\u-3913',
        '\\*\\foo',
        '\\bin5 ',
      );
      const token = fc.oneof(
        word,
        fc.constantFrom('{', '}', '\\', '\\fonttbl', '\\pict', '\\ansicpg1251'),
        fc.string({ maxLength: 12 }),
      );
      const generated = fc.array(token, { maxLength: 300 }).map((t) => utf8(`{\\rtf1\\ansi ${t.join('')}}`));
      const input = fc.oneof(
        generated,
        mutated(fixture('ingest/operative_report.rtf')),
        fc.uint8Array({ maxLength: 512 }),
      );
      await fc.assert(fc.asyncProperty(input, survives(extractRtf, 'report.rtf', 1000)), params('rtf', 300, 10_000));
    },
    timeFor(10_000, 5),
  );

  it(
    'DOCX: mutated zips and mutated document XML are read or refused cleanly',
    async () => {
      const original = fixture('ingest/consult_letter.docx');
      const zip = await JSZip.loadAsync(original);
      const xml = await zip.file('word/document.xml')!.async('string');
      const rezipped = mutatedText(xml).map(async (x) => {
        const copy = await JSZip.loadAsync(original);
        copy.file('word/document.xml', x);
        return new Uint8Array(await copy.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
      });
      const input = fc.oneof(
        mutated(original, 4).map(async (b) => b),
        rezipped,
      );
      await fc.assert(
        fc.asyncProperty(input, async (bytes) => survives(extractDocx, 'letter.docx', 5000)(await bytes)),
        params('docx', 30, 1500),
      );
    },
    timeFor(1500, 150),
  );

  it(
    'C-CDA: mutated XML is read or refused cleanly',
    async () => {
      const xml = new TextDecoder().decode(fixture('ingest/discharge_summary.cda.xml'));
      const input = fc.oneof(mutatedText(xml), fc.string({ maxLength: 500 })).map(utf8);
      await fc.assert(fc.asyncProperty(input, survives(extractCda, 'summary.xml', 1000)), params('cda', 200, 5000));
    },
    timeFor(5000, 10),
  );

  it(
    'FHIR: mutated resources and arbitrary JSON are read or refused cleanly',
    async () => {
      const bundle = JSON.parse(new TextDecoder().decode(fixture('ingest/bundle.fhir.json'))) as Record<
        string,
        unknown
      >;
      const replaced = fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 })).map(([n, value]) => {
        const copy = structuredClone(bundle);
        const paths: { parent: Record<string, unknown>; key: string }[] = [];
        const walk = (o: unknown) => {
          if (o && typeof o === 'object')
            for (const [k, v] of Object.entries(o)) {
              paths.push({ parent: o as Record<string, unknown>, key: k });
              walk(v);
            }
        };
        walk(copy);
        const at = paths[n % paths.length]!;
        at.parent[at.key] = value;
        return JSON.stringify(copy);
      });
      const input = fc.oneof(
        replaced,
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        fc.string(),
      );
      await fc.assert(
        fc.asyncProperty(input.map(utf8), survives(extractFhir, 'bundle.json', 1000)),
        params('fhir', 200, 5000),
      );
    },
    timeFor(5000, 10),
  );

  it(
    'CSV and JSONL exports: generated files are read or refused cleanly',
    async () => {
      const cell = fc.oneof(
        fc.string({ maxLength: 80 }),
        fc.constantFrom(
          '"',
          '""',
          ',',
          ';',
          '\n',
          '\r\n',
          'Note Text',
          'transcription',
          'MRN',
          '03/07/2024',
          'x'.repeat(40),
        ),
      );
      const csv = fc
        .tuple(fc.constantFrom(',', ';', '\t'), fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 30 }))
        .map(([sep, rows]) => rows.map((r) => r.join(sep)).join('\n'));
      const jsonl = fc
        .array(
          fc.oneof(
            fc.dictionary(fc.constantFrom('text', 'note', 'id', 'date', 'patient'), fc.jsonValue()),
            fc.string(),
          ),
          {
            maxLength: 30,
          },
        )
        .map((rows) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n'));
      const exportsCsv = mutatedText(new TextDecoder().decode(fixture('ingest/notes_export.csv')));
      await fc.assert(
        fc.asyncProperty(fc.oneof(csv, exportsCsv).map(utf8), survives(extractExport, 'notes.csv', 2000)),
        params('csv', 200, 5000),
      );
      await fc.assert(
        fc.asyncProperty(jsonl.map(utf8), survives(extractExport, 'notes.jsonl', 2000)),
        params('jsonl', 200, 5000),
      );
    },
    timeFor(10_000, 10),
  );
});
