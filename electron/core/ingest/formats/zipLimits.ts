import JSZip from 'jszip';
import { EngineError } from '../../../shared/result';
import { formatBytes } from '../limits';

/**
 * What the parts of a .docx may inflate to. Word writes a 1,000-page document as a few megabytes of XML; a zip bomb
 * of a few kilobytes would inflate to gigabytes inside the zip library, all in memory, before any text is read.
 */
export const MAX_INFLATED_PART = 64 * 1024 * 1024;
export const MAX_INFLATED_TOTAL = 256 * 1024 * 1024;
export const MAX_ZIP_PARTS = 10_000;

const bomb = (file: string, what: string, limit: number) =>
  new EngineError(
    'FileUnreadable',
    `${file}: ${what} would expand to more than ${formatBytes(limit)} (a compression bomb, or not a real document).`,
    file,
  );

/**
 * Refuses a zip whose parts inflate past the limits, before the Word reader unpacks them whole in memory. The archive
 * is opened with the zip library the Word reader itself uses, so the parts measured are exactly the parts it would
 * read (a second parser could be shown a different set); each part is inflated as a stream, in 16 KB slices of
 * compressed input, that keeps nothing and stops at the first cap. The sizes a zip declares are never trusted.
 */
export async function checkZipInflation(file: string, bytes: Uint8Array): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (err) {
    throw new EngineError('FileUnreadable', `${file}: can't read the Word document (${(err as Error).message}).`, file);
  }
  const parts = Object.values(zip.files).filter((p) => !p.dir);
  if (parts.length > MAX_ZIP_PARTS) {
    throw new EngineError('FileUnreadable', `${file}: holds ${parts.length} parts; no document has so many.`, file);
  }
  let total = 0;
  for (const part of parts) {
    await measure(part, (bytes) => {
      total += bytes;
      if (total > MAX_INFLATED_TOTAL) throw bomb(file, 'its parts', MAX_INFLATED_TOTAL);
    }).catch((err: Error) => {
      if (err instanceof EngineError) throw err;
      if (err.message === TOO_LARGE) throw bomb(file, `its part ${part.name}`, MAX_INFLATED_PART);
      throw new EngineError('FileUnreadable', `${file}: can't unpack its part ${part.name} (${err.message}).`, file);
    });
  }
}

const TOO_LARGE = 'part too large';

/** Inflates a part as a stream, keeping nothing; stops (paused, then dropped) at the part cap or when `add` throws. */
function measure(part: JSZip.JSZipObject, add: (bytes: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = part.nodeStream('nodebuffer');
    let own = 0;
    const stop = (err: unknown) => {
      stream.pause();
      stream.removeAllListeners('data');
      reject(err as Error);
    };
    stream.on('data', (chunk: Buffer) => {
      own += chunk.length;
      if (own > MAX_INFLATED_PART) return stop(new Error(TOO_LARGE));
      try {
        add(chunk.length);
      } catch (err) {
        stop(err);
      }
    });
    stream.on('error', reject);
    stream.on('end', () => resolve());
  });
}
