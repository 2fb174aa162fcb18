import mammoth from 'mammoth';
import { EngineError } from '../../../shared/result';
import type { Extractor } from '../types';
import { noteDocument } from '../textFile';
import { tidyLines } from './markupText';
import { checkZipInflation } from './zipLimits';

/** Word documents (.docx): the raw text of the body, paragraphs as lines; metadata from its header lines. */
export const extractDocx: Extractor = async (file, bytes) => {
  // Every .docx is a zip; an old binary .doc renamed, or a broken download, fails here with a message that says so.
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new EngineError(
      'FileUnreadable',
      `${file}: not a .docx (Word 2007 or later) file. Save it from Word as .docx and import it again.`,
      file,
    );
  }
  checkZipInflation(file, bytes);
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }))
      .value;
  } catch (err) {
    throw new EngineError('FileUnreadable', `${file}: can't read the Word document (${(err as Error).message}).`, file);
  }
  const text = tidyLines(raw.replace(/\r\n?/g, '\n'));
  return [noteDocument(file, 'docx', text)];
};
