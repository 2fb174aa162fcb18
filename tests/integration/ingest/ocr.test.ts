import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeLongPdf } from '../../../electron/cli/bench/longPdf';
import { extractPdf } from '../../../electron/core/ingest/pdf';
import { PdfOcr } from '../../../electron/core/ingest/ocr/pdfOcr';
import { TesseractOcr } from '../../../electron/core/ingest/ocr/tesseract';
import type { PageText } from '../../../electron/shared/types';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/ingest');

const ocr = new PdfOcr();

async function pagesOf(name: string, onPage?: (n: number) => void): Promise<PageText[]> {
  const file = join(FIXTURES, name);
  const [doc] = await extractPdf(file, new Uint8Array(await readFile(file)), { onPage, ocr: ocr.page });
  const pages: PageText[] = [];
  for await (const p of doc!.pages) pages.push(p);
  return pages;
}

/** Fraction of the expected words found in the text, as a rough accuracy measure. */
function wordRecall(text: string, expected: string): number {
  const have = new Set(text.toLowerCase().match(/[a-z0-9']+/g) ?? []);
  const want = expected.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  return want.filter((w) => have.has(w)).length / want.length;
}

describe('PDF OCR (tesseract.js, offline)', () => {
  afterAll(() => ocr.close());

  it('reads a scanned book page that has no text layer', async () => {
    const started = performance.now();
    const pages = await pagesOf('scanned_image_only_c02-22_NONMEDICAL.pdf');
    const seconds = (performance.now() - started) / 1000;
    console.info(`[ocr] scanned page: ${seconds.toFixed(1)} s including worker start\n${pages[0]!.text}`);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.ocr).toBe(true);
    const text = pages[0]!.text;
    expect(text).toMatch(/tip-toeing along a path amongst/);
    expect(text).toMatch(/Miss Watson/);
    expect(text).toMatch(/THEY TIP-TOED ALONG/);
    const last = 'noticed that thing plenty of times since. If you are with the quality, or at a funeral';
    expect(wordRecall(text, last)).toBeGreaterThan(0.9);
    // The illustration beside the text yields junk "words"; the cleaner drops most of them.
    const junkLines = text.split('\n').filter((l) => l.trim() && !/[a-z]{4,}/i.test(l));
    expect(junkLines.length).toBeLessThanOrEqual(2);
  });

  it('OCRs only the image pages of a PDF that mixes text pages and a scan', async () => {
    const ocrPages: number[] = [];
    const pages = await pagesOf('mixed_text_and_scan.pdf', (n) => ocrPages.push(n));
    expect(pages.map((p) => p.ocr)).toEqual([false, true, false]);
    expect(ocrPages).toEqual([2]);
    expect(pages[0]!.text).toMatch(/community\s+acquired pneumonia/);
    expect(pages[2]!.text).toMatch(/chest clinic/);
    const scan = pages[1]!.text;
    console.info(`[ocr] scanned referral page:\n${scan}`);
    expect(scan).toMatch(/REFERRAL LETTER/);
    expect(scan).toMatch(/shortness of breath on exertion/);
    expect(scan).toMatch(/162\/94/);
    expect(scan).toMatch(/metformin/);
  });

  it('rejects an unreadable image without crashing, and keeps working', async () => {
    const tesseract = new TesseractOcr();
    await expect(tesseract.recognize(Buffer.from('not an image'))).rejects.toBeDefined();
    await tesseract.close();
    const pages = await pagesOf('mixed_text_and_scan.pdf');
    expect(pages[1]!.text).toMatch(/REFERRAL LETTER/);
  });

  it('closes and restarts the worker', async () => {
    await ocr.close();
    const pages = await pagesOf('mixed_text_and_scan.pdf');
    expect(pages[1]!.text).toMatch(/Tobias Renner/);
  });

  it('does not keep the process alive once OCR is idle, even without close()', async () => {
    // The probe OCRs one page (a few seconds) and returns. If the idle worker held the event loop the process would
    // never exit: execFile kills it at the timeout and rejects, and the test fails.
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'ocrExitProbe.ts')],
      {
        cwd: resolve(import.meta.dirname, '../../..'),
        timeout: 45_000,
      },
    );
    await expect(run).resolves.toMatchObject({ stdout: expect.stringMatching(/^REFERRAL LETTER\s*$/) });
  });
});

describe('PDF OCR with two workers', () => {
  const two = new PdfOcr(2);
  afterAll(() => two.close());

  it('reads scanned pages two at a time and yields every page in order, as one worker does', async () => {
    const sources = await Promise.all(
      ['mixed_text_and_scan.pdf', 'scanned_image_only_c02-22_NONMEDICAL.pdf'].map(
        async (f) => new Uint8Array(await readFile(join(FIXTURES, f))),
      ),
    );
    // text, scanned referral letter, text, scanned book page, text, scanned referral letter, text
    const pdf = await makeLongPdf(7, [sources[0]!, sources[1]!, sources[0]!]);
    const read = async (engine: PdfOcr) => {
      const [doc] = await extractPdf('scans.pdf', pdf, { ocr: engine.page, ocrAtOnce: engine.workers });
      const pages: PageText[] = [];
      for await (const p of doc!.pages) pages.push(p);
      return pages;
    };
    const inParallel = await read(two);
    expect(inParallel.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(inParallel.map((p) => p.ocr)).toEqual([false, true, false, true, false, true, false]);
    expect(inParallel[3]!.text).toMatch(/Miss Watson/);
    expect(inParallel[1]!.text).toMatch(/REFERRAL LETTER/);
    expect(inParallel).toEqual(await read(ocr));
  }, 180_000);
});
