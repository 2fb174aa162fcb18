const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Sentence ranges that cover the whole text with no gaps, by Unicode's sentence rules (Intl.Segmenter): a sentence
 * ends after . ! ? and the spaces that follow, or at a line break (lists and headings have no punctuation); "2.5 mg"
 * and "y.o. male" don't end one. Blank lines belong to the sentence before them.
 */
export function sentenceRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const { index, segment } of SENTENCES.segment(text)) {
    const last = out.at(-1);
    if (last && !segment.trim()) last[1] = index + segment.length;
    else out.push([index, index + segment.length]);
  }
  return out;
}
