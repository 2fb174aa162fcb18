import { EngineError } from '../../../shared/result';
import type { Extractor } from '../types';
import { noteDocument } from '../textFile';
import { rtfToText } from './rtfText';

/** Rich Text Format notes (dictation systems and older EHR exports write these): one page of plain text. */
export const extractRtf: Extractor = async (file, bytes) => {
  const head = new TextDecoder('latin1')
    .decode(bytes.subarray(0, 16))
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (!head.startsWith('{\\rtf')) {
    throw new EngineError('FileUnreadable', `${file}: not an RTF document (it does not start with "{\\rtf").`, file);
  }
  const text = rtfToText(bytes);
  return [noteDocument(file, 'rtf', text)];
};
