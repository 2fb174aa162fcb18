import { extname } from 'node:path';
import { EngineError } from '../../shared/result';
import { extractPdf } from './pdf';
import { extractTextFile } from './textFile';
import type { Extractor } from './types';

const BY_EXTENSION = new Map<string, Extractor>([
  ['.txt', extractTextFile],
  ['.md', extractTextFile],
  ['.markdown', extractTextFile],
  ['.text', extractTextFile],
  ['.pdf', extractPdf],
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
