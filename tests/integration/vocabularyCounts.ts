import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isAllCaps, isNameTitle, phraseKey, tokenize } from '../../electron/core/search/queryTokens';

export interface AbbreviationEntry {
  forms: string[];
  upper?: boolean;
  senses: { sense: string }[];
}

export interface EntryCount {
  forms: string[];
  senses: string[];
  /** Notes holding any form at least once. */
  notes: number;
  occurrences: number;
  byForm: Record<string, number>;
}

/** The MTSamples transcriptions (4,999 notes, CC0) from the shared data folder. */
export function readMtsamples(dir: string): string[] {
  const notes: string[] = [];
  for (const part of ['mtsamples.part1.jsonl.gz', 'mtsamples.part2.jsonl.gz']) {
    const text = gunzipSync(readFileSync(join(dir, part))).toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      notes.push(((JSON.parse(line) as { transcription?: string | null }).transcription ?? '') as string);
    }
  }
  return notes;
}

/**
 * How often each abbreviation is written in the notes, matched as the query side matches it: whole words, the
 * shorthand key (case-insensitive, b.i.d = bid), capitals only for plain `upper` words, never a title (Mr., Ms.).
 */
export function countAbbreviations(entries: AbbreviationEntry[], notes: string[]): EntryCount[] {
  const byKey = new Map<string, { entry: number; form: string; upper: boolean; words: number }>();
  let longest = 1;
  entries.forEach((e, entry) => {
    for (const form of e.forms) {
      const words = tokenize(form);
      byKey.set(phraseKey(words, 'norm'), { entry, form, upper: e.upper ?? false, words: words.length });
      longest = Math.max(longest, words.length);
    }
  });
  const counts: EntryCount[] = entries.map((e) => ({
    forms: e.forms,
    senses: e.senses.map((s) => s.sense),
    notes: 0,
    occurrences: 0,
    byForm: {},
  }));
  for (const note of notes) {
    const tokens = tokenize(note);
    const seen = new Set<number>();
    for (let i = 0; i < tokens.length; i++) {
      for (let n = Math.min(longest, tokens.length - i); n >= 1; n--) {
        const slice = tokens.slice(i, i + n);
        const hit = byKey.get(phraseKey(slice, 'norm'));
        if (!hit || (n === 1 && isNameTitle(slice[0]!.text))) continue;
        const plain = slice.every((t) => /^[A-Za-z0-9]+$/.test(t.text));
        if (hit.upper && plain && !slice.every((t) => isAllCaps(t.text))) continue;
        const c = counts[hit.entry]!;
        c.occurrences++;
        c.byForm[hit.form] = (c.byForm[hit.form] ?? 0) + 1;
        seen.add(hit.entry);
        i += n - 1;
        break;
      }
    }
    for (const entry of seen) counts[entry]!.notes++;
  }
  return counts;
}

/** Capitalised words of 2–6 letters the table does not know, most frequent first: candidates to add. */
export function unknownCapitals(entries: AbbreviationEntry[], notes: string[], top = 60): [string, number][] {
  const known = new Set(entries.flatMap((e) => e.forms.map((f) => f.toLowerCase())));
  const freq = new Map<string, number>();
  for (const note of notes) {
    for (const t of tokenize(note)) {
      if (!/^[A-Z][A-Z0-9]{1,5}$/.test(t.text) || known.has(t.norm)) continue;
      freq.set(t.text, (freq.get(t.text) ?? 0) + 1);
    }
  }
  return [...freq].sort((a, b) => b[1] - a[1]).slice(0, top);
}
