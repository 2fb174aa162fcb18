/**
 * ConText (Harkema et al., J Biomed Inform 2009) over clinical text: trigger phrases open a scope forward, backward or
 * both ways; the scope ends at the unit's end (sentence, line, heading), at a terminator ("but", "however", "which",
 * "positive for", ...), or when its word budget runs out. Pseudo-triggers ("no change", "gram negative", "history of
 * present illness") are matched like triggers and so hide the shorter trigger inside them. Family history and past
 * medical/surgical history sections label everything in them.
 */
import { hedgesProcedure } from './procedures';
import { defaultRules, matchAt, normalizeSection, sectionLabel } from './rules';
import type { Rule, RuleSet } from './rules';
import { segment } from './sentences';
import { isWord, tokenize } from './tokens';
import type { Token } from './tokens';
import { PRECEDENCE } from './types';
import type { ContextLabel, ContextSpan, DetectOptions, ModifierLabel } from './types';

/**
 * Words a scope reaches without a list: ConText's sentence scope, bounded so prose does not inherit a far trigger.
 * Backward scopes are shorter ("the most recent bone scan was negative" must not reach the clause before), and a
 * relative's scope longer ("a brother who was treated 12 years ago for a brain tumor").
 */
const FORWARD_WORDS = 8;
const BACKWARD_WORDS = 5;
const FAMILY_WORDS = 12;
/** A list item ("night sweats", "shortness of breath") is at most this many words; longer runs end a list. */
const LIST_ITEM_WORDS = 5;
/** No scope goes further than this, whatever the list: keeps the work per trigger bounded. */
const HARD_CAP_WORDS = 60;
const SEPARATORS = new Set([',', '/', '\n', 'or', 'and', 'nor', '&']);

interface Trigger {
  rule: Rule;
  first: number;
  last: number;
}

interface Unit {
  tokens: Token[];
  triggers: Trigger[];
  /** For each token, the labels a terminator covering it ends ('all' for a universal terminator). */
  stops: (Set<ModifierLabel> | 'all' | undefined)[];
}

function scanUnit(tokens: Token[], rules: RuleSet): Unit {
  const triggers: Trigger[] = [];
  const stops: Unit['stops'] = new Array(tokens.length);
  for (let i = 0; i < tokens.length;) {
    const m = matchAt(rules, tokens, i);
    if (!m) {
      i++;
      continue;
    }
    const { rules: phrase, length } = m;
    if (!phrase.pseudo) {
      for (const stop of phrase.stops) for (let k = i; k < i + length; k++) stops[k] = addStop(stops[k], stop.label);
      if (phrase.trigger) triggers.push({ rule: phrase.trigger, first: i, last: i + length - 1 });
    }
    i += length;
  }
  return { tokens, triggers, stops };
}

function addStop(prev: Set<ModifierLabel> | 'all' | undefined, label?: ModifierLabel): Set<ModifierLabel> | 'all' {
  if (!label || prev === 'all') return 'all';
  const set = prev ?? new Set<ModifierLabel>();
  set.add(label);
  return set;
}

/**
 * Index of the last token in scope walking from `from` by `step` (+1 or -1), or -1 when the scope is empty. Walking
 * forward, a list of short items ("fever, chills, night sweats, or weight loss") carries the scope past its budget.
 */
function walk(unit: Unit, from: number, step: 1 | -1, label: ModifierLabel, budget: number): number {
  const { tokens, stops } = unit;
  let words = 0;
  let item = 0;
  let separators = 0;
  let listy = true;
  let reached = -1;
  for (let k = from; k >= 0 && k < tokens.length; k += step) {
    const stop = stops[k];
    if (stop === 'all' || stop?.has(label)) break;
    const tok = tokens[k]!;
    // Walking back, a comma closes a fronted clause: "Due to her persistent pain, an injection is recommended".
    if (step === -1 && tok.norm === ',') break;
    if (SEPARATORS.has(tok.norm)) {
      if (item > LIST_ITEM_WORDS) listy = false;
      if (item > 0) separators++;
      item = 0;
      continue;
    }
    if (!isWord(tok)) continue;
    words++;
    item++;
    const inList = step === 1 && separators > 0 && listy && item <= LIST_ITEM_WORDS;
    if (words > HARD_CAP_WORDS || (words > budget && !inList)) break;
    reached = k;
  }
  return reached;
}

function scopeOf(unit: Unit, t: Trigger): [number, number] | undefined {
  const label = t.rule.label!;
  const family = label === 'family' ? FAMILY_WORDS : undefined;
  const dir = t.rule.direction;
  let first = t.first;
  let last = t.last;
  if (dir === 'forward' || dir === 'bidirectional') {
    last = Math.max(last, walk(unit, t.last + 1, 1, label, t.rule.maxWords ?? family ?? FORWARD_WORDS));
  }
  if (dir === 'backward' || dir === 'bidirectional') {
    const back = walk(unit, t.first - 1, -1, label, t.rule.maxWords ?? family ?? BACKWARD_WORDS);
    if (back >= 0) first = back;
  }
  if (first === t.first && last === t.last) return undefined;
  return [unit.tokens[first]!.start, unit.tokens[last]!.end];
}

function unitSpans(text: string, tokens: Token[], rules: RuleSet): ContextSpan[] {
  const unit = scanUnit(tokens, rules);
  const out: ContextSpan[] = [];
  for (const t of unit.triggers) {
    const scope = scopeOf(unit, t);
    if (!scope) continue;
    const start = tokens[t.first]!.start;
    const end = tokens[t.last]!.end;
    const cause = { kind: 'trigger' as const, start, end, text: text.slice(start, end) };
    const label =
      t.rule.label === 'possible' && hedgesProcedure(tokens, t.first, t.last) ? 'hypothetical' : t.rule.label!;
    out.push({ start: scope[0], end: scope[1], label, cause });
  }
  return out;
}

/**
 * The non-affirmed stretches of `text`: one span per trigger scope, plus one per unit inside a family or past
 * history section. Offsets are into `text`; spans may overlap (use `labelAt` to resolve a mention).
 */
export function detectContext(text: string, opts: DetectOptions = {}, rules: RuleSet = defaultRules()): ContextSpan[] {
  const known = (name: string): boolean => rules.sections.has(normalizeSection(name));
  const out: ContextSpan[] = [];
  for (const seg of segment(text, known, opts.section)) {
    const tokens = tokenize(text, seg.start, seg.end);
    const words = tokens.filter(isWord);
    if (words.length === 0) continue;
    out.push(...unitSpans(text, tokens, rules));
    const label = sectionLabel(rules, seg.section);
    if (label) {
      const span = { start: words[0]!.start, end: words[words.length - 1]!.end, label };
      out.push({ ...span, cause: { kind: 'section', name: seg.section! } });
    }
  }
  return out;
}

/** The label of the mention text[start, end): the highest-precedence span overlapping it, else 'affirmed'. */
export function labelAt(spans: readonly ContextSpan[], start: number, end: number): ContextLabel {
  let best = PRECEDENCE.length;
  for (const s of spans) {
    if (s.start < end && start < s.end) best = Math.min(best, PRECEDENCE.indexOf(s.label));
  }
  return PRECEDENCE[best] ?? 'affirmed';
}
