import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export interface Note {
  id: string;
  text: string;
}

/** Notes from an MTSamples-style JSONL(.gz) export: `note_id` and `transcription`; empty notes are skipped. */
export async function readNotes(files: string[], limit = Infinity): Promise<Note[]> {
  const out: Note[] = [];
  for (const file of files) {
    const input = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as {
        note_id?: number | string;
        transcription?: string | null;
        text?: string | null;
      };
      const text = row.transcription ?? row.text;
      if (!text?.trim()) continue;
      out.push({ id: String(row.note_id ?? out.length + 1), text });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
