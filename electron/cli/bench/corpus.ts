import { jsonLines, noteText } from '../jsonl';

export interface Note {
  id: string;
  text: string;
}

/** Notes from an MTSamples-style JSONL(.gz) export: `note_id` and `transcription`; empty notes are skipped. */
export async function readNotes(files: string[], limit = Infinity): Promise<Note[]> {
  const out: Note[] = [];
  for (const file of files) {
    for await (const row of jsonLines(file)) {
      const text = noteText(row);
      if (!text.trim()) continue;
      out.push({ id: String(row.note_id ?? out.length + 1), text });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
