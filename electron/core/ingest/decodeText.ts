import { EngineError } from '../../shared/result';

/**
 * Bytes of a text file to a string, refusing what isn't text: empty files, binary content (NUL bytes), invalid
 * UTF-8. UTF-16 with a byte-order mark is decoded, since Windows tools write it. (Sizes are checked before reading.)
 */
export function decodeText(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new EngineError('FileUnreadable', `${file}: the file is empty.`, file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw new EngineError('UnsupportedFile', `${file}: binary content, not text.`, file);
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    if (text.trim().length === 0) throw new EngineError('FileUnreadable', `${file}: the file has no text.`, file);
    return text;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError(
      'FileUnreadable',
      `${file}: not valid UTF-8 text. Save it as UTF-8 and import it again.`,
      file,
    );
  }
}
