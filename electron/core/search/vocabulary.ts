import abbreviationsJson from '../../../resources/vocabulary/abbreviations.json' with { type: 'json' };
import layTermsJson from '../../../resources/vocabulary/lay-terms.json' with { type: 'json' };
import type { ExpandOptions, Expansion, QueryExpansion, QuerySpan } from '../../shared/queryExpansion';
import { isAllCaps, isNameTitle, normKey, phraseKey, tokenize } from './queryTokens';
import type { Token } from './queryTokens';
import { buildVocabulary } from './vocabularyData';
import type { Rule, Sense, Vocabulary } from './vocabularyData';

/**
 * Weights on the keyword side. The user's words always weigh most; an expansion we are sure of weighs half; when
 * nothing in the query says which meaning of an ambiguous word is meant, every meaning is still searched, lightly,
 * rather than none: the notes that spell the word as typed rank first anyway (weight 1), the vector side ranks by
 * meaning, and dropping the senses would lose the notes that only spell the term out.
 */
export const USER_WEIGHT = 1;
export const EXPANSION_WEIGHT = 0.5;
export const PRIMARY_GUESS_WEIGHT = 0.35;
export const GUESS_WEIGHT = 0.2;

let standard: Vocabulary | undefined;

/** The vocabulary shipped in resources/vocabulary, validated and indexed once. */
export function standardVocabulary(): Vocabulary {
  standard ??= buildVocabulary({ abbreviations: abbreviationsJson, layTerms: layTermsJson });
  return standard;
}

/** The query's words and the clinical terms they stand for, for the keyword side and to show the user. */
export function expandQuery(query: string, options: ExpandOptions = {}, vocab = standardVocabulary()): QueryExpansion {
  const tokens = tokenize(query);
  const ctx: MatchContext = { vocab, tokens, shouting: tokens.length > 2 && isAllCaps(query), options };
  const expansions: Expansion[] = [];
  for (let i = 0; i < tokens.length;) {
    const match = longestMatch(ctx, i);
    if (match) {
      const from = spanOf(query, tokens[i]!.start, tokens[i + match.words - 1]!.end);
      for (const rule of match.rules) expansions.push(...expandRule(ctx, rule, from, [i, i + match.words]));
      i += match.words;
      continue;
    }
    expansions.push(...slashParts(ctx, query, i));
    i += 1;
  }
  const terms = tokens.filter((t) => t.text !== '%').map((t) => spanOf(query, t.start, t.end));
  return { query, terms, expansions: withoutRepeats(expansions, tokens) };
}

interface MatchContext {
  vocab: Vocabulary;
  tokens: Token[];
  shouting: boolean;
  options: ExpandOptions;
}

function longestMatch(ctx: MatchContext, i: number): { words: number; rules: Rule[] } | undefined {
  const { vocab, tokens } = ctx;
  for (let n = Math.min(vocab.maxWords, tokens.length - i); n >= 1; n--) {
    const slice = tokens.slice(i, i + n);
    const candidates = [
      ...(vocab.byNorm.get(phraseKey(slice, 'norm')) ?? []),
      ...(n === 1 ? singleWordVariants(vocab, slice[0]!) : []),
      ...(vocab.byStem.get(phraseKey(slice, 'stem')) ?? []),
    ];
    const rules = [...new Set(candidates)].filter((r) => allowed(ctx, r, slice, tokens[i - 1]));
    if (rules.length) return { words: n, rules };
  }
  return undefined;
}

/** "UTIs" and "DVTs" are plurals of shorthand; "V-fib" is also written "vfib". */
function singleWordVariants(vocab: Vocabulary, token: Token): Rule[] {
  const found: Rule[] = [];
  if (/^[A-Z][A-Z0-9]+s$/.test(token.text)) found.push(...(vocab.byNorm.get(token.norm.slice(0, -1)) ?? []));
  if (token.norm.includes('-')) found.push(...(vocab.byNorm.get(token.norm.replace(/-/g, '')) ?? []));
  return found;
}

function allowed(ctx: MatchContext, rule: Rule, slice: Token[], before: Token | undefined): boolean {
  const only = slice.length === 1 ? slice[0]! : undefined;
  // A lone letter or number is never shorthand here; nor is a word that spells an ordinary word unless capitalised.
  if (only && (only.norm.length < 2 || /^\d+$/.test(only.norm))) return false;
  if (rule.kind === 'abbreviation' && only && isNameTitle(only.text)) return false;
  // Dotted or slashed spellings (a.c., h.s.) are shorthand in any case; only plain words need the capitals.
  const plain = slice.every((t) => /^[A-Za-z0-9]+$/.test(t.text));
  if (rule.upper && plain && (ctx.shouting || !slice.every((t) => isAllCaps(t.text)))) return false;
  return !(before && rule.notAfter.has(before.norm));
}

/** "HTN/DM" is two abbreviations; each part expands on its own when the whole is not in the table. */
function slashParts(ctx: MatchContext, query: string, i: number): Expansion[] {
  const token = ctx.tokens[i]!;
  if (!token.text.includes('/')) return [];
  const out: Expansion[] = [];
  let offset = token.start;
  for (const part of token.text.split('/')) {
    const rules = (ctx.vocab.byNorm.get(normKey(part)) ?? []).filter((r) =>
      allowed(ctx, r, tokenize(part), ctx.tokens[i - 1]),
    );
    const from = spanOf(query, offset, offset + part.length);
    for (const rule of rules) out.push(...expandRule(ctx, rule, from, [i, i + 1]));
    offset += part.length + 1;
  }
  return out;
}

function expandRule(ctx: MatchContext, rule: Rule, from: QuerySpan, own: [number, number]): Expansion[] {
  const { chosen, cues } = chooseSenses(ctx, rule, from, own);
  const sure = chosen.length === 1;
  const out: Expansion[] = [];
  for (const sense of chosen) {
    const base = sure ? EXPANSION_WEIGHT : sense.primary ? PRIMARY_GUESS_WEIGHT : GUESS_WEIGHT;
    const alternatives = rule.senses.filter((s) => s !== sense).map((s) => s.label);
    for (const target of sense.targets) {
      const e: Expansion = {
        from,
        to: target.text,
        kind: rule.kind,
        sense: sense.label,
        weight: target.reduced ? Math.min(base, GUESS_WEIGHT) : base,
      };
      if (alternatives.length) e.alternatives = alternatives;
      if (!sure) e.ambiguous = true;
      if (sure && cues.length) e.cues = cues;
      out.push(e);
    }
  }
  return out;
}

/** The user's pick, else the senses whose cue words occur most often elsewhere in the query, else all of them. */
function chooseSenses(ctx: MatchContext, rule: Rule, from: QuerySpan, own: [number, number]) {
  if (rule.senses.length === 1) return { chosen: rule.senses, cues: [] as string[] };
  const picked = ctx.options.senses?.[from.text.toLowerCase()]?.toLowerCase();
  const pick = rule.senses.find((s) => s.label.toLowerCase() === picked);
  if (pick) return { chosen: [pick], cues: [] as string[] };
  const before = ctx.tokens[own[0] - 1];
  const unit = rule.senses.find((s) => s.afterNumber);
  if (unit && before && /^\d+(?:\.\d+)?$/.test(before.text)) return { chosen: [unit], cues: [before.text] };
  const scored = rule.senses.map((sense) => ({ sense, cues: cuesFound(ctx.tokens, sense, own) }));
  const best = Math.max(...scored.map((s) => s.cues.length));
  // With no evidence, a unit sense is not a guess worth searching: it is meant after a number.
  if (best === 0) return { chosen: rule.senses.filter((s) => !s.afterNumber), cues: [] as string[] };
  const top = scored.filter((s) => s.cues.length === best);
  return { chosen: top.map((s) => s.sense), cues: top.length === 1 ? top[0]!.cues : [] };
}

function cuesFound(tokens: Token[], sense: Sense, [ownStart, ownEnd]: [number, number]): string[] {
  // Counted by query word, not by cue: "level" is one piece of evidence even though "level" and "levels" are cues.
  const used = new Set<number>();
  const found: string[] = [];
  for (const cue of sense.cues) {
    for (let p = 0; p + cue.length <= tokens.length; p++) {
      if (p < ownEnd && p + cue.length > ownStart) continue;
      if (used.has(p) || !cue.every((c, k) => sameWord(c, tokens[p + k]!))) continue;
      for (let k = 0; k < cue.length; k++) used.add(p + k);
      found.push(
        tokens
          .slice(p, p + cue.length)
          .map((t) => t.text)
          .join(' '),
      );
      break;
    }
  }
  return found;
}

function sameWord(cue: Token, word: Token): boolean {
  if (cue.norm === word.norm || cue.stem === word.stem) return true;
  // "mg/dL" carries the cue "mg"; "HLA-B27" carries "HLA".
  return /[/-]/.test(word.norm) && word.norm.split(/[/-]/).includes(cue.norm);
}

/** Drops what the user already typed and repeats of one expansion (keeping the heavier). */
function withoutRepeats(expansions: Expansion[], tokens: Token[]): Expansion[] {
  const typed = ` ${phraseKey(tokens, 'stem')} `;
  const kept = new Map<string, Expansion>();
  for (const e of expansions) {
    if (typed.includes(` ${phraseKey(tokenize(e.to), 'stem')} `)) continue;
    const key = `${e.from.start}:${e.from.end}:${e.to.toLowerCase()}`;
    const prior = kept.get(key);
    if (!prior || prior.weight < e.weight) kept.set(key, e);
  }
  return [...kept.values()];
}

function spanOf(query: string, start: number, end: number): QuerySpan {
  return { text: query.slice(start, end), start, end };
}
