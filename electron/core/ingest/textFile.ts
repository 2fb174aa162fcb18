import { basename, extname } from 'node:path';
import type { DocType } from '../../shared/types';
import type { Extraction, Extractor } from './types';
import { textDocument } from './types';
import { decodeText } from './decodeText';
import { parseNoteMeta } from './formats/noteMeta';

/** A note that is a whole file of text (plain, Word, RTF): titled by its file name, metadata from its header lines. */
export function noteDocument(file: string, type: DocType, text: string): Extraction {
  return textDocument({ key: '', type, title: basename(file, extname(file)), meta: parseNoteMeta(text) }, text);
}

/** Plain text and Markdown notes: one page. CRLF is folded so offsets match what the viewer shows. */
export const extractTextFile: Extractor = async (file, bytes) => [
  noteDocument(file, 'note', decodeText(file, bytes).replace(/\r\n?/g, '\n')),
];
