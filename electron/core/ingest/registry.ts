import { extname } from 'node:path';
import { EngineError } from '../../shared/result';
import { extractCda } from './formats/cda';
import { extractDocx } from './formats/docx';
import { extractExport } from './formats/exportRows';
import { extractFhir } from './formats/fhir';
import { extractRtf } from './formats/rtf';
import { extractPdf } from './pdf';
import { extractTextFile } from './textFile';
import type { Extractor } from './types';

const BY_EXTENSION = new Map<string, Extractor>([
  ['.txt', extractTextFile],
  ['.md', extractTextFile],
  ['.markdown', extractTextFile],
  ['.text', extractTextFile],
  ['.pdf', extractPdf],
  ['.rtf', extractRtf],
  ['.docx', extractDocx],
  // .xml is read only when it is a C-CDA document; any other XML is refused with a reason.
  ['.xml', extractCda],
  ['.cda', extractCda],
  // .json is read only when it is FHIR (DocumentReference, Composition, Bundle).
  ['.json', extractFhir],
  ['.csv', extractExport],
  ['.jsonl', extractExport],
  ['.ndjson', extractExport],
]);

/** Lets the import pipeline add formats (docx, rtf, C-CDA, FHIR, exports) without touching this file's callers. */
export function registerExtractor(extensions: string[], extractor: Extractor): void {
  for (const ext of extensions) BY_EXTENSION.set(ext.toLowerCase(), extractor);
}

export function supportedExtensions(): string[] {
  return [...BY_EXTENSION.keys()].sort();
}

export function extractorFor(file: string): Extractor {
  const ext = extname(file).toLowerCase();
  const extractor = BY_EXTENSION.get(ext);
  if (!extractor) {
    const what = ext ? `"${ext}" files are not supported` : 'files without an extension are not supported';
    throw new EngineError('UnsupportedFile', `${file}: ${what} (supported: ${supportedExtensions().join(' ')}).`, file);
  }
  return extractor;
}

export function isSupported(file: string): boolean {
  return BY_EXTENSION.has(extname(file).toLowerCase());
}
