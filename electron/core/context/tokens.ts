/**
 * A small clinical tokenizer, one pass over the text, no regular expressions: words and numbers lower-cased, the
 * punctuation that matters to scope kept as tokens, and spaCy's splits reproduced where the rules rely on them
 * ("don't" -> "do" "n't", "mother's" -> "mother" "'s", "cannot" -> "can" "not"). Short slash words such as "s/p",
 * "h/o", "r/o", "w/o" stay one token, as the rule literals spell them.
 */
export interface Token {
  start: number;
  end: number;
  norm: string;
  kind: 'word' | 'num' | 'punct';
}

const PUNCT = new Set([',', ';', ':', '.', '?', '!', '(', ')', '/', '\n']);
const APOSTROPHES = new Set(["'", '\u2019']);

function isLetter(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase() || (ch >= '0' && ch <= '9');
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function runEnd(text: string, i: number): number {
  while (i < text.length && isLetter(text[i]!)) i++;
  return i;
}

/** Splits one letter/digit run (with any apostrophe suffix) into tokens, returning the index after it. */
function readWord(text: string, start: number, out: Token[]): number {
  let end = runEnd(text, start);
  const next = text[end];
  if (next === '/' && end - start <= 2 && isLetter(text[end + 1] ?? ' ')) {
    const after = runEnd(text, end + 1);
    if (after - end - 1 <= 2) end = after;
  }
  const word = text.slice(start, end).toLowerCase();
  const apos = text[end] !== undefined && APOSTROPHES.has(text[end]!) && isLetter(text[end + 1] ?? ' ');
  if (apos) {
    const tailEnd = runEnd(text, end + 1);
    const tail = text.slice(end + 1, tailEnd).toLowerCase();
    if (tail === 't' && word.endsWith('n') && word.length > 1) {
      out.push({ start, end: end - 1, norm: word.slice(0, -1), kind: 'word' });
      out.push({ start: end - 1, end: tailEnd, norm: "n't", kind: 'word' });
      return tailEnd;
    }
    if (tail === 's') {
      pushWord(out, start, end, word);
      out.push({ start: end, end: tailEnd, norm: "'s", kind: 'word' });
      return tailEnd;
    }
    pushWord(out, start, tailEnd, `${word}'${tail}`);
    return tailEnd;
  }
  pushWord(out, start, end, word);
  return end;
}

function pushWord(out: Token[], start: number, end: number, word: string): void {
  if (word === 'cannot') {
    out.push({ start, end: start + 3, norm: 'can', kind: 'word' });
    out.push({ start: start + 3, end, norm: 'not', kind: 'word' });
    return;
  }
  out.push({ start, end, norm: word, kind: isDigit(word[0]!) ? 'num' : 'word' });
}

/** Tokens of text[from, to), offsets into text. */
export function tokenize(whole: string, from = 0, to = whole.length): Token[] {
  const text = from === 0 && to === whole.length ? whole : whole.slice(from, to);
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isLetter(ch)) {
      i = readWord(text, i, out);
      continue;
    }
    if (PUNCT.has(ch)) out.push({ start: i, end: i + 1, norm: ch, kind: 'punct' });
    else if (APOSTROPHES.has(ch) && out.length > 0 && out[out.length - 1]!.end === i)
      out.push({ start: i, end: i + 1, norm: "'", kind: 'word' });
    i++;
  }
  if (from !== 0) {
    for (const t of out) {
      t.start += from;
      t.end += from;
    }
  }
  return out;
}

export function isWord(t: Token): boolean {
  return t.kind !== 'punct';
}
