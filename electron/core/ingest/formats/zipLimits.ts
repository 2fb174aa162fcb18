import { inflateRawSync } from 'node:zlib';
import { EngineError } from '../../../shared/result';
import { formatBytes } from '../limits';

/**
 * What the parts of a .docx may inflate to. Word writes a 1,000-page document as a few megabytes of XML; a zip bomb
 * of a few kilobytes would inflate to gigabytes inside the zip library, all in memory, before any text is read.
 */
export const MAX_INFLATED_PART = 64 * 1024 * 1024;
export const MAX_INFLATED_TOTAL = 256 * 1024 * 1024;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

/** The central directory's entries; undefined when the archive is one this check can't read (zip64, damaged). */
function entries(zip: Buffer): Entry[] | undefined {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) return undefined;
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) return undefined;
  const found: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    const nameLength = zip.readUInt16LE(at + 28);
    found.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return found;
}

/**
 * Refuses a zip whose parts inflate past the limits, by inflating each one with a cap on its output (the sizes a
 * zip declares can lie). Damaged archives pass through, for the zip library to report in its own words.
 */
export function checkZipInflation(file: string, bytes: Uint8Array): void {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const e of entries(zip) ?? []) {
    if (e.localOffset + 30 > zip.length || zip.readUInt32LE(e.localOffset) !== 0x04034b50) continue;
    const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
    const data = zip.subarray(start, start + e.compressedSize);
    let size = data.length;
    if (e.method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: MAX_INFLATED_PART + 1 }).length;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') continue;
        size = MAX_INFLATED_PART + 1;
      }
    }
    total += size;
    if (size > MAX_INFLATED_PART || total > MAX_INFLATED_TOTAL) {
      const what = size > MAX_INFLATED_PART ? `its part ${e.name}` : 'its parts';
      const limit = formatBytes(size > MAX_INFLATED_PART ? MAX_INFLATED_PART : MAX_INFLATED_TOTAL);
      throw new EngineError(
        'FileUnreadable',
        `${file}: ${what} would expand to more than ${limit} (a compression bomb, or not a real document).`,
        file,
      );
    }
  }
}
