/**
 * "Possible nephrectomy", "potential surgical intervention": an uncertain procedure is one that may be done, which
 * ConText calls hypothetical, while "possible pneumonia" stays possible. The detector has no concept types, so it
 * recognises procedures by the words that name them.
 */
import { isWord } from './tokens';
import type { Token } from './tokens';

const HEDGES = new Set(['possible', 'possibly', 'potential', 'potentially']);
const SUFFIXES = ['ectomy', 'otomy', 'ostomy', 'plasty', 'scopy', 'pexy', 'rrhaphy', 'desis', 'lysis'];
const WORDS = new Set(
  (
    'surgery surgeries surgical operation intervention procedure repair resection exploration anastomosis biopsy ' +
    'placement transplant transplantation amputation catheterization ablation fusion reconstruction excision revision ' +
    'debridement drainage implantation injection conversion intubation transfusion dialysis stent stenting'
  ).split(' '),
);
/** How many words after the hedge may name the procedure ("possible open exploratory laparotomy"). */
const REACH = 3;

function isProcedure(word: string): boolean {
  if (WORDS.has(word)) return true;
  const last = word.split('-').pop() ?? word;
  return SUFFIXES.some((s) => last.endsWith(s));
}

/** True when tokens[first..last] is a hedge ("possible") and one of the next few words names a procedure. */
export function hedgesProcedure(tokens: readonly Token[], first: number, last: number): boolean {
  if (first !== last || !HEDGES.has(tokens[first]!.norm)) return false;
  let seen = 0;
  for (let k = last + 1; k < tokens.length && seen < REACH; k++) {
    const tok = tokens[k]!;
    if (!isWord(tok)) break;
    seen++;
    if (isProcedure(tok.norm)) return true;
  }
  return false;
}
