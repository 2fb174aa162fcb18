import { stemmer } from 'stemmer';

/**
 * Words of a query (or of a vocabulary phrase) with offsets and the two keys they are matched by:
 * - `norm` for shorthand, where spelling is meaning: lower case, dots of "b.i.d." dropped, nothing stemmed
 *   ("does" must never become the abbreviation DOE);
 * - `stem` for everyday words, where endings are noise: "coughing up blood" and "coughs up blood" share a key.
 */
export interface Token {
  text: string;
  start: number;
  end: number;
  norm: string;
  stem: string;
}

// A word keeps inner / & - . and apostrophes, so N/V, s/p, A&Ox3, a-fib, b.i.d and golfer's stay whole; "%" stands
// alone because "92% RA" is a cue for room air.
const WORD = /[A-Za-z0-9]+(?:[/&\-.'’][A-Za-z0-9]+)*|%/g;
const DOTTED_LETTERS = /^(?:[a-z]\.)+[a-z]$/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index;
    tokens.push({ text: raw, start, end: start + raw.length, norm: normKey(raw), stem: stemKey(raw) });
  }
  return tokens;
}

export function normKey(word: string): string {
  const lower = word.toLowerCase().replace(/’/g, "'");
  return DOTTED_LETTERS.test(lower) ? lower.replace(/\./g, '') : lower;
}

export function stemKey(word: string): string {
  const plain = normKey(word).replace(/'s$/, '').replace(/'/g, '');
  return stemmer(plain);
}

export const phraseKey = (tokens: readonly Token[], by: 'norm' | 'stem'): string => tokens.map((t) => t[by]).join(' ');

// The English stop words of the full-text index's analyser (tantivy's list): they score nothing there, so they do
// not count as words of a phrase when a phrase's weight is shared among its words.
const INDEX_STOP_WORDS = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these they ' +
    'this to was will with'
  ).split(' '),
);

/** Words of `text` that the full-text index scores. */
export function contentWords(text: string): string[] {
  return tokenize(text)
    .map((t) => t.norm)
    .filter((w) => w !== '%' && !INDEX_STOP_WORDS.has(w));
}

/** True when every letter of the word is a capital (and it has at least one). */
export const isAllCaps = (word: string): boolean => /[A-Z]/.test(word) && !/[a-z]/.test(word);

// Titles before a name, never shorthand: "Ms. Jones" is not multiple sclerosis, "Mr." not mitral regurgitation.
const NAME_TITLES = new Set(['Mr', 'Ms', 'Mrs', 'Dr', 'St']);
export const isNameTitle = (word: string): boolean => NAME_TITLES.has(word);
