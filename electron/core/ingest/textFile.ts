import { basename, extname } from 'node:path';
import type { Extractor } from './types';
import { textDocument } from './types';
import { decodeText } from './decodeText';
import { parseNoteMeta } from './formats/noteMeta';

/** Plain text and Markdown notes: one page. CRLF is folded so offsets match what the viewer shows. */
export const extractTextFile: Extractor = async (file, bytes) => {
  const text = decodeText(file, bytes).replace(/\r\n?/g, '\n');
  return [
    textDocument(
      {
        key: '',
        type: 'note',
        title: basename(file, extname(file)),
        meta: parseNoteMeta(text),
      },
      text,
    ),
  ];
};
