import type { QueryIntent } from './queryIntent';
import { normKey, stemKey } from './queryTokens';

/** A word of a chunk that the query looks for: its offsets and the key it matched by (queryIntent.keyOf). */
export interface Hit {
  start: number;
  end: number;
  stem: string;
}

/** The keys a query's slots look for, and the first letters of each (what a word must start with to be one). */
export interface Wanted {
  keys: Set<string>;
  heads: string[];
}

// Stemming changes a word's ending only, so a word is looked at only where a wanted key's first letters occur.
const HEAD = 3;
const byIntent = new WeakMap<QueryIntent, Wanted>();

export function wantedWords(intent: QueryIntent): Wanted {
  let wanted = byIntent.get(intent);
  if (!wanted) {
    const keys = new Set(intent.slots.flatMap((s) => s.wordings.flatMap((w) => w.stems)));
    const heads = [...new Set([...keys].map((k) => k.replace(/^=/, '').slice(0, HEAD)))].filter(Boolean);
    wanted = { keys, heads };
    byIntent.set(intent, wanted);
  }
  return wanted;
}

/**
 * Stems of words already seen: the same words recur across candidates and searches (stemming every word of every
 * candidate was most of the cost of reading evidence). Emptied when it grows past `limit` spellings.
 */
export class StemCache {
  private readonly cache = new Map<string, string>();

  constructor(private readonly limit = 200_000) {}

  of(word: string): string {
    let stem = this.cache.get(word);
    if (stem === undefined) {
      if (this.cache.size >= this.limit) this.cache.clear();
      stem = stemKey(word);
      this.cache.set(word, stem);
    }
    return stem;
  }
}

const shared = new StemCache();

const WORD = /[A-Za-z0-9]+(?:[/&\-.'’][A-Za-z0-9]+)*/y;
const PART = /[A-Za-z0-9]+/y;

/**
 * Words of `text` the query looks for, in order. Only the places where a wanted key's first letters start a word are
 * read (native indexOf over the lower-cased text, instead of a regular expression over every word of every
 * candidate). There the word is tried whole, as the query's shorthand is ("s/p"), else up to its first inner mark,
 * as the full-text index splits it ("short-of-breath"); later parts start words of their own.
 */
export function findHits(text: string, wanted: Wanted, stems: StemCache = shared): Hit[] {
  const lower = text.toLowerCase();
  // A few characters change length in lower case; offsets must hold, so such a text is read as it is.
  const haystack = lower.length === text.length ? lower : text;
  const match = (word: string): string | undefined => {
    const exact = `=${normKey(word)}`;
    if (wanted.keys.has(exact)) return exact;
    const stem = stems.of(word);
    return wanted.keys.has(stem) ? stem : undefined;
  };
  const found = new Map<number, Hit>();
  for (const head of wanted.heads) {
    for (let at = haystack.indexOf(head); at >= 0; at = haystack.indexOf(head, at + 1)) {
      if (found.has(at) || (at > 0 && isAlnum(text.charCodeAt(at - 1)))) continue;
      const word = stickyMatch(WORD, text, at);
      const key = match(word);
      if (key) {
        found.set(at, { start: at, end: at + word.length, stem: key });
        continue;
      }
      const part = stickyMatch(PART, text, at);
      const partKey = part.length < word.length ? match(part) : undefined;
      if (partKey) found.set(at, { start: at, end: at + part.length, stem: partKey });
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

function stickyMatch(re: RegExp, text: string, at: number): string {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? '';
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
