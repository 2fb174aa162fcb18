import fc from 'fast-check';

const WORDS = [
  'patient',
  'denies',
  'chest',
  'pain',
  'no',
  'history',
  'of',
  'MI',
  'BP',
  '120/80',
  'mg',
  'q.d.',
  'Dr.',
  'e.g.',
  'HISTORY OF PRESENT ILLNESS:',
  'ASSESSMENT:',
  'PLAN:',
  'MEDICATIONS:',
  'Allergies:',
  'HEENT:',
  '1.',
  '2)',
  '•',
  'fever',
  'ruled',
  'out',
  'pneumonia',
  'mother',
  'diabetes',
  'possible',
  'without',
  'résumé',
  '肺炎',
  '🙂',
  'ﬁ',
];
const SEPARATORS = [' ', ' ', ' ', '\n', '\n\n', '. ', ', ', ': ', '\t', '\r\n', '  ', ';', '\u00a0', '\u2028'];

/** Text shaped like notes (words, headings, punctuation, blank lines, odd Unicode), mixed with arbitrary strings. */
export function clinicalText(maxParts = 600): fc.Arbitrary<string> {
  const noteLike = fc
    .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: maxParts })
    .map((parts) => parts.map(([w, s]) => w + s).join(''));
  const longWord = fc
    .string({ minLength: 200, maxLength: 3000, unit: 'grapheme-ascii' })
    .map((s) => s.replace(/\s/g, 'x'));
  return fc.oneof(
    { weight: 5, arbitrary: noteLike },
    { weight: 2, arbitrary: fc.string({ maxLength: 2000 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 2000, unit: 'grapheme' }) },
    { weight: 1, arbitrary: longWord },
    { weight: 1, arbitrary: fc.tuple(noteLike, longWord, noteLike).map((p) => p.join(' ')) },
  );
}

/** Random edits of a byte string: flips, cuts, repeats and inserted junk, keeping the file mostly intact. */
export function mutated(original: Uint8Array, maxEdits = 8): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 512 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
  );
  return fc.array(edit, { minLength: 1, maxLength: maxEdits }).map((edits) => {
    let b = original;
    for (const e of edits) {
      const at = b.length ? e.at % b.length : 0;
      if (e.kind === 'flip') b = Uint8Array.from(b, (v, i) => (i === at ? e.value : v));
      else if (e.kind === 'cut') b = concat(b.subarray(0, at), b.subarray(at + e.length));
      else if (e.kind === 'insert') b = concat(b.subarray(0, at), e.bytes, b.subarray(at));
      else if (e.kind === 'truncate') b = b.subarray(0, at);
      else b = concat(b.subarray(0, at + e.length), b.subarray(at, at + e.length), b.subarray(at + e.length));
    }
    return b;
  });
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
