/**
 * Finds a passage of the engine's page text among a PDF text layer's items. The engine joins pdf.js items with its
 * own spacing and the text layer keeps them apart, and ligatures, quotes and dashes vary between the two, so both
 * sides are compared on letters and digits only (NFKC, lower case).
 */
export interface ItemRange {
  item: number;
  start: number;
  end: number;
}

const MIN_NEEDLE = 12;
const KEEP = /[\p{L}\p{N}]/u;

function fold(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) if (KEEP.test(ch)) out += ch;
  return out;
}

interface Haystack {
  text: string;
  /** For each char of `text`: its item and offset there. */
  item: number[];
  offset: number[];
}

function buildHaystack(items: string[]): Haystack {
  const hay: Haystack = { text: '', item: [], offset: [] };
  items.forEach((str, i) => {
    let offset = 0;
    for (const ch of str) {
      const folded = fold(ch);
      for (const f of folded) {
        hay.text += f;
        hay.item.push(i);
        hay.offset.push(offset);
      }
      offset += ch.length;
    }
  });
  return hay;
}

/** Ranges of item text covering the passage, or null when it isn't on this page. */
export function findInItems(items: string[], passage: string): ItemRange[] | null {
  const hay = buildHaystack(items);
  const needle = fold(passage);
  if (needle.length === 0) return null;
  const at = locate(hay.text, needle);
  if (!at) return null;
  const ranges: ItemRange[] = [];
  for (let k = at.start; k < at.end; k++) {
    const item = hay.item[k]!;
    const offset = hay.offset[k]!;
    const last = ranges[ranges.length - 1];
    const end = offset + charLength(items[item]!, offset);
    if (last && last.item === item) last.end = end;
    else ranges.push({ item, start: offset, end });
  }
  return ranges;
}

function charLength(str: string, offset: number): number {
  return (str.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
}

/**
 * Exact first; if the text layer differs somewhere inside (hyphenation, a dropped glyph), the longest prefix or
 * suffix that still matches marks the place instead of nothing.
 */
function locate(hay: string, needle: string): { start: number; end: number } | null {
  const exact = hay.indexOf(needle);
  if (exact >= 0) return { start: exact, end: exact + needle.length };
  for (let len = Math.floor(needle.length * 0.75); len >= MIN_NEEDLE; len = Math.floor(len * 0.75)) {
    const head = hay.indexOf(needle.slice(0, len));
    if (head >= 0) return { start: head, end: head + len };
    const tail = hay.indexOf(needle.slice(-len));
    if (tail >= 0) return { start: tail, end: tail + len };
  }
  return null;
}
