import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDocx } from '../../electron/core/ingest/formats/docx';
import { MAX_INFLATED_PART } from '../../electron/core/ingest/formats/zipLimits';
import type { IndexerDeps } from '../../electron/core/ingest/indexer';
import { indexFile } from '../../electron/core/ingest/indexer';
import { extractPdf } from '../../electron/core/ingest/pdf';
import { EngineError } from '../../electron/shared/result';
import { pdfWithContent, repeatedDeflate, zip } from './bombs';
import { NIGHTLY, timedAsync } from './budget';

const MB = 1024 * 1024;
// CI inflates to 256 MB; the nightly run to 1 GB. Either is far past every limit; the point is the refusal's cost.
const BOMB_MB = NIGHTLY ? 1024 : 256;
const utf8 = (s: string) => new TextEncoder().encode(s);

async function refusal(run: () => Promise<unknown>): Promise<EngineError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

/** Bytes this process has read through system calls so far (Linux). */
async function bytesRead(): Promise<number | undefined> {
  const io = await readFile('/proc/self/io', 'utf8').catch(() => undefined);
  const m = io && /^rchar: (\d+)$/m.exec(io);
  return m ? Number(m[1]) : undefined;
}

describe('compression bombs and huge files', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'clinote-bombs-'))));
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const documentXml = (body: string) =>
    utf8(`<?xml version="1.0"?><w:document xmlns:w="w"><w:body>${body}</w:body></w:document>`);
  const paragraphs = utf8('<w:p><w:r><w:t>Aspirin 81 mg daily.</w:t></w:r></w:p>'.repeat(20_000));

  it(`DOCX: a part inflating to ${BOMB_MB} MB is refused without inflating it`, async () => {
    const bomb = zip([
      {
        name: 'word/document.xml',
        deflated: repeatedDeflate(paragraphs, Math.ceil((BOMB_MB * MB) / paragraphs.length)),
      },
    ]);
    expect(bomb.length).toBeLessThan(4 * MB);
    const err = await timedAsync(10_000, 'docx bomb', () => refusal(() => extractDocx('letter.docx', bomb, {})));
    expect(err.message).toMatch(/^letter\.docx: its part word\/document\.xml would expand to more than 64\.0 MB/);
  });

  it('DOCX: a part whose header understates its size is measured, not believed', async () => {
    const real = repeatedDeflate(paragraphs, Math.ceil((MAX_INFLATED_PART + MB) / paragraphs.length));
    const bomb = zip([{ name: 'word/document.xml', deflated: { ...real, size: 4096 } }]);
    const err = await timedAsync(10_000, 'lying docx', () => refusal(() => extractDocx('letter.docx', bomb, {})));
    expect(err.message).toContain('would expand to more than 64.0 MB');
  });

  it('DOCX: many parts each under the part limit are refused by their total', async () => {
    const part = repeatedDeflate(paragraphs, Math.floor((60 * MB) / paragraphs.length));
    const bomb = zip(Array.from({ length: 5 }, (_, i) => ({ name: `word/media/part${i}.xml`, deflated: part })));
    const err = await timedAsync(20_000, 'docx parts', () => refusal(() => extractDocx('letter.docx', bomb, {})));
    expect(err.message).toContain('its parts would expand to more than 256.0 MB');
  });

  it('DOCX: a real document still reads', async () => {
    const doc = zip([
      { name: 'word/document.xml', content: documentXml('<w:p><w:r><w:t>Plan: aspirin.</w:t></w:r></w:p>') },
    ]);
    const err = await extractDocx('letter.docx', doc, {}).then(
      () => undefined,
      (e: Error) => e.message,
    );
    // The hand-made zip lacks Word's other parts; what matters is that the size check let it through.
    expect(err ?? '').not.toContain('would expand');
  });

  it(`PDF: a page whose content inflates to ${BOMB_MB} MB of text is refused within the time budget`, async () => {
    const ops = utf8('BT /F1 12 Tf 72 700 Td (Aspirin 81 mg daily) Tj ET\n'.repeat(20_000));
    const pdf = pdfWithContent(repeatedDeflate(ops, Math.ceil((BOMB_MB * MB) / ops.length)).data);
    expect(pdf.length).toBeLessThan(4 * MB);
    const rssBefore = process.memoryUsage().rss;
    const err = await timedAsync(60_000, 'pdf bomb', () =>
      refusal(async () => {
        for (const doc of await extractPdf('bomb.pdf', pdf, {})) for await (const page of doc.pages) void page;
      }),
    );
    expect(err.message).toBe('bomb.pdf: page 1 holds more than 1,000,000 characters of text; no real page does.');
    console.log(
      `[bombs] pdf ${pdf.length} bytes -> ${BOMB_MB} MB: rss +${((process.memoryUsage().rss - rssBefore) / MB).toFixed(0)} MB`,
    );
  }, 120_000);

  it(`PDF: a page of ${BOMB_MB / 4} MB of whitespace and comments reads as empty within the time budget`, async () => {
    const junk = utf8(`${' '.repeat(1000)}\n% comment\n`.repeat(1000));
    const pdf = pdfWithContent(repeatedDeflate(junk, Math.ceil((BOMB_MB * MB) / 4 / junk.length)).data);
    const pages = await timedAsync(60_000, 'pdf whitespace', async () => {
      const out: string[] = [];
      for (const doc of await extractPdf('blank.pdf', pdf, {})) for await (const page of doc.pages) out.push(page.text);
      return out;
    });
    expect(pages).toEqual(['']);
  }, 120_000);

  it.runIf(process.platform === 'linux')('a 2 GB file is refused by its size before any of it is read', async () => {
    for (const name of ['huge.pdf', 'huge.txt', 'huge.csv']) {
      const file = join(dir, name);
      await writeFile(file, '');
      execFileSync('truncate', ['-s', '2G', file]);
      const before = (await bytesRead())!;
      const err = await refusal(() => indexFile({} as IndexerDeps, file));
      const read = (await bytesRead())! - before;
      expect(err).toMatchObject({ kind: 'FileUnreadable', subject: file });
      expect(err.message).toMatch(/: too large \(2048\.0 MB; the limit is \d+\.0 MB\)\.$/);
      expect(read, `${name}: bytes read while refusing`).toBeLessThan(MB);
    }
  });
});
