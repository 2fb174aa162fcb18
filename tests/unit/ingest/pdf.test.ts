import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPdf, joinTextItems } from '../../../electron/core/ingest/pdf';
import { EngineError } from '../../../electron/shared/result';

describe('PDF pages that cannot be parsed', () => {
  // Found by tests/fuzz/formats.fuzz.test.ts: the file opens, its second page is corrupt.
  it('fail as FileUnreadable naming the file and the page, after the pages before it', async () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/fuzz/corrupt_page.pdf')));
    const [doc] = await extractPdf('referral.pdf', bytes, {});
    const pages: number[] = [];
    const err = await (async () => {
      for await (const page of doc!.pages) pages.push(page.page);
    })().catch((e: unknown) => e);
    expect(pages).toEqual([1]);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ kind: 'FileUnreadable', subject: 'referral.pdf' });
    expect((err as Error).message).toMatch(/^referral\.pdf: can't read page 2 of the PDF \(/);
  });
});

describe('joinTextItems', () => {
  it('spaces items that do not touch whitespace and keeps line ends', () => {
    const items = [{ str: 'BP' }, { str: '120/80', hasEOL: true }, { str: ' HR 72' }, { str: '' }, { str: 'bpm' }];
    expect(joinTextItems(items)).toBe('BP 120/80\n HR 72 bpm');
  });

  // Found with a compression-bomb PDF (tests/fuzz/bombs.fuzz.test.ts): a test of the growing text on every item
  // made one page of 80,000 items take over a minute.
  it('joins a page of 80,000 items in linear time', () => {
    const items = Array.from({ length: 80_000 }, () => ({ str: 'Aspirin 81 mg daily' }));
    const started = performance.now();
    const text = joinTextItems(items);
    expect(text.length).toBe(80_000 * 20 - 1);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
