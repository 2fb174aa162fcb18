import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLongPdf } from '../../../electron/cli/bench/longPdf';
import { extractPdf } from '../../../electron/core/ingest/pdf';
import { closePdfPageHelpers, MIN_PARALLEL_PAGES } from '../../../electron/core/ingest/pdfPagePool';
import { EngineError } from '../../../electron/shared/result';
import type { PageText } from '../../../electron/shared/types';

// A PDF's pages parsed by this thread and helper threads (real pdf.js in real worker threads) must read exactly as
// one thread reads them: every page, in order, with its own text, and a broken page reported as it is alone.

async function readAll(name: string, bytes: Uint8Array, pdfReaders: number) {
  const pages: PageText[] = [];
  const [doc] = await extractPdf(name, bytes, { pdfReaders });
  const error = await (async () => {
    for await (const page of doc!.pages) pages.push(page);
  })().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { pages, error };
}

/** A PDF of `pages` short pages, page `bad` carrying more text than any page may. */
async function withOverfullPage(pages: number, bad: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([420, 595]);
    page.drawText(`Ward round note, page ${n}: observations stable.`, { x: 30, y: 560, size: 9, font });
  }
  const target = doc.getPage(bad - 1);
  const [fontName] = target.node.normalizedEntries().Font.keys();
  const ops = `BT ${fontName!.toString()} 9 Tf 30 500 Td (Aspirin 81 mg daily.) Tj ET\n`.repeat(60_000);
  target.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(ops)));
  return doc.save();
}

describe('a PDF parsed on several threads', () => {
  let long: Uint8Array;
  beforeAll(async () => (long = await makeLongPdf(60)));
  afterAll(() => closePdfPageHelpers());

  it('reads every page in order with the same text as one thread does', async () => {
    const one = await readAll('long.pdf', long, 1);
    const three = await readAll('long.pdf', long, 3);
    expect(one.error).toBeUndefined();
    expect(three.error).toBeUndefined();
    expect(three.pages.map((p) => p.page)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(three.pages).toEqual(one.pages);
    // Each page is its own, not a neighbour's: the marker word names the page.
    for (const p of three.pages) expect(p.text).toContain(`marker${p.page}\n`);
  });

  it('reads the same document again and another one after it with the same helpers', async () => {
    const other = await makeLongPdf(MIN_PARALLEL_PAGES + 3);
    const a = await readAll('other.pdf', other, 3);
    const b = await readAll('long.pdf', long, 3);
    expect(a.pages.map((p) => p.page)).toEqual(Array.from({ length: MIN_PARALLEL_PAGES + 3 }, (_, i) => i + 1));
    expect(a.pages.at(-1)!.text).toContain(`Page ${MIN_PARALLEL_PAGES + 3} of ${MIN_PARALLEL_PAGES + 3}`);
    expect(b.pages).toHaveLength(60);
    expect(b.pages[59]!.text).toContain('marker60\n');
  });

  it('leaves its helpers fit for the next document when the reader stops early', async () => {
    const other = await makeLongPdf(40);
    for (let round = 0; round < 3; round++) {
      const [doc] = await extractPdf('long.pdf', long, { pdfReaders: 3 });
      for await (const page of doc!.pages) if (page.page === 2 + round) break;
      const next = await readAll('other.pdf', other, 3);
      expect(next.error).toBeUndefined();
      expect(next.pages.map((p) => p.page)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (const p of next.pages) expect(p.text).toContain(`Page ${p.page} of 40`);
    }
  });

  it('reports a bad page as one thread would, whichever thread read it, after every page before it', async () => {
    const bytes = await withOverfullPage(40, 31);
    const one = await readAll('round.pdf', bytes, 1);
    const three = await readAll('round.pdf', bytes, 3);
    for (const run of [one, three]) {
      expect(run.pages.map((p) => p.page)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(run.error).toBeInstanceOf(EngineError);
      expect((run.error as EngineError).message).toBe(
        'round.pdf: page 31 holds more than 1,000,000 characters of text; no real page does.',
      );
    }
    expect(three.pages).toEqual(one.pages);
    // The helpers are still usable afterwards.
    expect((await readAll('long.pdf', long, 3)).pages).toHaveLength(60);
  });
});
