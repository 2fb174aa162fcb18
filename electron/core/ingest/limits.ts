import { extname } from 'node:path';
import { EngineError } from '../../shared/result';

/**
 * Size limits that keep one bad file from taking the machine down, checked from the file's size before a byte of it
 * is read. PDFs carry images and fonts, exports carry many notes; anything else is one document of text or markup.
 */
const MAX_BYTES: Record<string, number> = {
  '.pdf': 500 * 1024 * 1024,
  '.csv': 200 * 1024 * 1024,
  '.jsonl': 200 * 1024 * 1024,
  '.ndjson': 200 * 1024 * 1024,
  '.json': 200 * 1024 * 1024,
};
const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export function maxBytesFor(file: string): number {
  return MAX_BYTES[extname(file).toLowerCase()] ?? MAX_DOCUMENT_BYTES;
}

/** Refuses an empty file, or one past its type's limit, with a message that names the file and the reason. */
export function checkFileSize(file: string, size: number): void {
  if (size === 0) throw new EngineError('FileUnreadable', `${file}: the file is empty.`, file);
  const limit = maxBytesFor(file);
  if (size > limit) {
    throw new EngineError(
      'FileUnreadable',
      `${file}: too large (${formatBytes(size)}; the limit is ${formatBytes(limit)}).`,
      file,
    );
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
