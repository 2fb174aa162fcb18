import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../../electron/core/ingest/pdf';
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
