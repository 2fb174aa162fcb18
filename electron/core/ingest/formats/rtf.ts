import { basename, extname } from 'node:path';
import { EngineError } from '../../../shared/result';
import { MAX_TEXT_BYTES, formatBytes } from '../limits';
import type { Extractor } from '../types';
import { fromArray } from '../types';
import { parseNoteMeta } from './noteMeta';
import { rtfToText } from './rtfText';

/** Rich Text Format notes (dictation systems and older EHR exports write these): one page of plain text. */
export const extractRtf: Extractor = async (file, bytes) => {
  if (bytes.length === 0) throw new EngineError('FileUnreadable', `${file}: the file is empty.`, file);
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new EngineError(
      'FileUnreadable',
      `${file}: too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(MAX_TEXT_BYTES)}).`,
      file,
    );
  }
  const head = new TextDecoder('latin1')
    .decode(bytes.subarray(0, 16))
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (!head.startsWith('{\\rtf')) {
    throw new EngineError('FileUnreadable', `${file}: not an RTF document (it does not start with "{\\rtf").`, file);
  }
  const text = rtfToText(bytes);
  return [
    {
      key: '',
      type: 'rtf',
      title: basename(file, extname(file)),
      meta: parseNoteMeta(text),
      pages: fromArray([{ page: 1, text, ocr: false }]),
    },
  ];
};
