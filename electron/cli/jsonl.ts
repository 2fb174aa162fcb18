import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { EngineError } from '../shared/result';

/** The records of a JSON Lines file, gzipped or not; a bad line is an error naming the file and line. */
export async function* jsonLines(file: string): AsyncIterable<Record<string, unknown>> {
  const input = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  let n = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new EngineError('BadInput', `${file}:${n}: not valid JSON.`, file);
    }
  }
}

/** A note's text in an MTSamples-style export: `transcription`, or `text`. */
export function noteText(row: Record<string, unknown>): string {
  return typeof row.transcription === 'string' ? row.transcription : typeof row.text === 'string' ? row.text : '';
}
