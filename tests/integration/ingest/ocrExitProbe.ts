/**
 * Run as a child process by ocr.test.ts: OCRs a page and returns without calling closeOcr(). The process must
 * still exit, because the idle Tesseract worker thread is unref'd.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { extractPdf } from '../../../electron/core/ingest/pdf';

const file = resolve(import.meta.dirname, '../../fixtures/ingest/mixed_text_and_scan.pdf');
const [doc] = await extractPdf(file, new Uint8Array(await readFile(file)), {});
for await (const page of doc!.pages) if (page.ocr) console.log(page.text.split('\n')[0]);
