import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Short stable ids: 16 hex digits of sha256 are plenty for one person's library. */
export function shortId(...parts: string[]): string {
  return sha256(parts.join('\u0000')).slice(0, 16);
}
