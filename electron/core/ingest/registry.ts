import { extname } from 'node:path';
import { EngineError } from '../../shared/result';
import type { Extractor } from './types';

// Readers load on first use: their parsers (pdf.js, mammoth, an XML parser, Tesseract) cost hundreds of
// milliseconds to import, which a search or `clinote --help` should never pay.
const text = async () => (await import('./textFile')).extractTextFile;
const exportRows = async () => (await import('./formats/exportRows')).extractExport;
const cda = async () => (await import('./formats/cda')).extractCda;

const BY_EXTENSION = new Map<string, () => Promise<Extractor>>([
  ['.txt', text],
  ['.md', text],
  ['.markdown', text],
  ['.text', text],
  ['.pdf', async () => (await import('./pdf')).extractPdf],
  ['.rtf', async () => (await import('./formats/rtf')).extractRtf],
  ['.docx', async () => (await import('./formats/docx')).extractDocx],
  // .xml is read only when it is a C-CDA document; any other XML is refused with a reason.
  ['.xml', cda],
  ['.cda', cda],
  // .json is read only when it is FHIR (DocumentReference, Composition, Bundle).
  ['.json', async () => (await import('./formats/fhir')).extractFhir],
  ['.csv', exportRows],
  ['.jsonl', exportRows],
  ['.ndjson', exportRows],
]);

export function supportedExtensions(): string[] {
  return [...BY_EXTENSION.keys()].sort();
}

/** Refuses a file of a type no reader takes, without loading any reader. */
export function checkSupported(file: string): void {
  const ext = extname(file).toLowerCase();
  if (BY_EXTENSION.has(ext)) return;
  const what = ext ? `"${ext}" files are not supported` : 'files without an extension are not supported';
  throw new EngineError('UnsupportedFile', `${file}: ${what} (supported: ${supportedExtensions().join(' ')}).`, file);
}

export function extractorFor(file: string): Promise<Extractor> {
  checkSupported(file);
  return BY_EXTENSION.get(extname(file).toLowerCase())!();
}

export function isSupported(file: string): boolean {
  return BY_EXTENSION.has(extname(file).toLowerCase());
}
