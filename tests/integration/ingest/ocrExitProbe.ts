/**
 * Run as a child process by ocr.test.ts: OCRs a page and returns without closing the OCR worker. The process must
 * still exit, because the idle Tesseract worker thread is unref'd.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { extractPdf } from '../../../electron/core/ingest/pdf';
import { PdfOcr } from '../../../electron/core/ingest/ocr/pdfOcr';

const file = resolve(import.meta.dirname, '../../fixtures/ingest/mixed_text_and_scan.pdf');
const [doc] = await extractPdf(file, new Uint8Array(await readFile(file)), { ocr: new PdfOcr().page });
for await (const page of doc!.pages) if (page.ocr) console.log(page.text.split('\n')[0]);
