import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Short stable ids: 16 hex digits of sha256 are plenty for one person's library. */
export function shortId(...parts: string[]): string {
  return sha256(parts.join('\u0000')).slice(0, 16);
}

/** sha256 of a file, read in pieces: the engine's thread never holds the whole file or hashes it in one block. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(piece as Buffer);
  return hash.digest('hex');
}
