import { describe, expect, it } from 'vitest';
import { chunkPage } from '../../../electron/core/ingest/chunker';
import { headingLine, markupToText, tidyLines } from '../../../electron/core/ingest/formats/markupText';
import { parseNoteMeta } from '../../../electron/core/ingest/formats/noteMeta';
import { joinTextItems } from '../../../electron/core/ingest/pdf';
import { extractorFor } from '../../../electron/core/ingest/registry';
import { detectSections } from '../../../electron/core/ingest/sections';
import { sentenceRanges } from '../../../electron/core/text/sentences';

/**
 * Text handling must take time linear in the input: a padded note of 1 MB used to block the engine for tens of
 * minutes (patterns such as `\s{2,}X` or `<[^>]*>` retry at every character of a long run). Each case is timed on
 * 250 KB and on 1 MB of adversarial text and the times compared as a ratio, not against a fixed bound, so the check
 * holds on a slow or busy machine: linear work grows about 4 times, quadratic work 16 times.
 */
const SMALL = 250_000;
const LARGE = 1_000_000;
const MAX_RATIO = 8;
// Below this, times are noise: on a busy machine a linear pass over 1 MB jumps 10-20 times from 250 KB when the
// young generation fills (measured 3 → 67 ms for one replace), while a quadratic case takes seconds at 250 KB.
const FLOOR_MS = 100;

const repeat = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Adversarial bodies: long runs of what the patterns around them match. */
const PAYLOADS: Record<string, (size: number) => string> = {
  spaces: (n) => `Seen. ${' '.repeat(n)}end`,
  tabsAndSpaces: (n) => repeat(' \t', n),
  newlines: (n) => `a${'\n'.repeat(n)}b`,
  mixedBreaks: (n) => repeat(' \n ', n),
  lessThan: (n) => '<'.repeat(n),
  openTags: (n) => repeat('<br <li <p ', n),
  openComments: (n) => repeat('<!--', n),
  openScripts: (n) => repeat('<script ', n),
  commaRuns: (n) => repeat(',  ; .  ', n),
  capitalsAndSpaces: (n) => repeat('AB  ', n),
  headings: (n) => repeat('HPI:  Seen today. ', n),
  headerFields: (n) => repeat(`:${' '.repeat(399)}\n`, n),
  oneWord: (n) => 'a'.repeat(n),
  nbsp: (n) => '\u00a0'.repeat(n),
};

const tokens = (t: string) => t.split(/\s+/).filter(Boolean).length;
const chunking = { maxTokens: 256, overlapTokens: 38, countTokens: tokens };

const FUNCTIONS: Record<string, (text: string) => unknown> = {
  detectSections,
  markupToText,
  headingLine,
  tidyLines,
  parseNoteMeta,
  chunkPage: (t) => chunkPage(1, t, chunking),
  sentenceRanges: (t) => sentenceRanges(t),
  'joinTextItems (one item)': (t) => joinTextItems([{ str: 'Page' }, { str: t, hasEOL: true }, { str: 'x' }]),
  'joinTextItems (an item a character)': (t) => joinTextItems([...t.slice(0, t.length / 4)].map((str) => ({ str }))),
};

/** The fastest of a few runs: other work on the machine only ever adds time. */
async function bestMs(run: () => unknown, times = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function growth(run: (size: number) => unknown): Promise<{ small: number; large: number; ratio: number }> {
  await run(SMALL / 10); // warm-up: compile the patterns and the code paths
  const small = await bestMs(() => run(SMALL));
  const large = await bestMs(() => run(LARGE));
  return { small, large, ratio: large / Math.max(small, FLOOR_MS) };
}

describe('text handling takes linear time on adversarial input (250 KB vs 1 MB)', () => {
  for (const [fname, fn] of Object.entries(FUNCTIONS)) {
    it(fname, { timeout: 120_000 }, async () => {
      const slow: string[] = [];
      for (const [pname, payload] of Object.entries(PAYLOADS)) {
        const g = await growth((size) => fn(payload(size)));
        if (g.ratio > MAX_RATIO) slow.push(`${pname}: ${g.small.toFixed(0)} ms → ${g.large.toFixed(0)} ms`);
      }
      expect(slow).toEqual([]);
    });
  }
});

const encode = (s: string) => new TextEncoder().encode(s);
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Files of every text format with the payload where the note text goes, read through the importer's registry. */
const FILES: Record<string, (body: string) => [name: string, bytes: Uint8Array]> = {
  note: (body) => ['note.txt', encode(`PROGRESS NOTE\nPATIENT: Jane Doe\n${body}\nPLAN: rest.`)],
  csv: (body) => ['export.csv', encode(`id,note_text\n1,"${body.replace(/"/g, '""')}"\n2,short note text here\n`)],
  jsonl: (body) => ['export.jsonl', encode(`${JSON.stringify({ id: 1, text: body })}\n`)],
  fhirHtml: (body) => {
    const resource = {
      resourceType: 'DocumentReference',
      content: [{ attachment: { contentType: 'text/html', data: Buffer.from(`<p>${body}</p>`).toString('base64') } }],
    };
    return ['note.json', encode(JSON.stringify(resource))];
  },
  fhirComposition: (body) => {
    const section = { title: body.slice(0, 5000), text: { div: `<div>${body}</div>` } };
    return ['composition.json', encode(JSON.stringify({ resourceType: 'Composition', section: [section] }))];
  },
  cda: (body) => [
    'note.xml',
    encode(
      `<ClinicalDocument xmlns="urn:hl7-org:v3"><component><structuredBody><component><section><title>Plan</title>` +
        `<text>${xmlEscape(body)}</text></section></component></structuredBody></component></ClinicalDocument>`,
    ),
  ],
  rtf: (body) => ['note.rtf', encode(`{\\rtf1\\ansi ${body.replace(/[\\{}]/g, ' ')}\\par}`)],
};

async function readAndChunk(name: string, bytes: Uint8Array): Promise<number> {
  const extract = await extractorFor(`/notes/${name}`);
  let chunks = 0;
  for (const doc of await extract(`/notes/${name}`, bytes, {})) {
    for await (const page of doc.pages) chunks += chunkPage(page.page, page.text, chunking).length;
  }
  return chunks;
}

describe('every text format reads and chunks a padded 1 MB note in linear time', () => {
  const payloads = ['spaces', 'newlines', 'lessThan', 'openTags', 'headings', 'headerFields', 'commaRuns'];
  for (const [format, file] of Object.entries(FILES)) {
    it(format, { timeout: 120_000 }, async () => {
      const slow: string[] = [];
      for (const pname of payloads) {
        const payload = PAYLOADS[pname]!;
        const g = await growth((size) => readAndChunk(...file(`Seen today. ${payload(size)} Doing well.`)));
        if (g.ratio > MAX_RATIO) slow.push(`${pname}: ${g.small.toFixed(0)} ms → ${g.large.toFixed(0)} ms`);
      }
      expect(slow).toEqual([]);
    });
  }
});
