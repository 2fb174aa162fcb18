/**
 * Compiles the bundled trigger resource (resources/context/context_rules.json, built from medspaCy's ConText rules
 * plus the project's additions by tests/tools/build_context_rules.py) into a token trie. Matching at a token walks at
 * most the longest pattern's length, so the detector stays linear in the text.
 */
import { EngineError } from '../../shared/result';
import bundled from '../../../resources/context/context_rules.json';
import { sha256 } from '../util/hash';
import { tokenize } from './tokens';
import type { Token } from './tokens';
import type { ModifierLabel } from './types';

export const RESOURCE_NAME = 'resources/context/context_rules.json';

export type Direction = 'forward' | 'backward' | 'bidirectional' | 'terminate' | 'pseudo';

export interface Rule {
  /** Absent on terminators that end every label's scope. */
  label?: ModifierLabel;
  direction: Direction;
  literal: string;
  source: string;
  /** Scope budget in words for this trigger; the detector's default when absent. */
  maxWords?: number;
}

/** What a phrase means: at most one trigger, any number of terminators, or a pseudo-trigger that hides both. */
export interface PhraseRules {
  trigger?: Rule;
  stops: Rule[];
  pseudo?: Rule;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  rules?: PhraseRules;
}

export type SectionLabel = 'family' | 'historical';

export interface RuleSet {
  root: TrieNode;
  /** Section name (upper case, single spaces, no colon) -> category as the resource names it. */
  sections: Map<string, string>;
}

export interface RuleMatch {
  rules: PhraseRules;
  length: number;
}

const LABELS = new Set<string>(['negated', 'possible', 'historical', 'hypothetical', 'family']);
const DIRECTIONS = new Set<string>(['forward', 'backward', 'bidirectional', 'terminate', 'pseudo']);
/** Stands for any number token, or a number word, in a pattern slot. */
export const NUMBER_SLOT = '#';
const NUMBER_WORDS = new Set('one two three four five six seven eight nine ten eleven twelve'.split(' '));
const MAX_EXPANSION = 20_000;

function expand(pattern: string, where: string): string[][] {
  let variants: string[][] = [[]];
  for (const raw of pattern.trim().split(/ +/)) {
    const optional = raw.length > 1 && raw.endsWith('?');
    const alts = (optional ? raw.slice(0, -1) : raw).split('|');
    for (const alt of alts) checkToken(alt, where);
    const grown = variants.flatMap((v) => alts.map((a) => [...v, a]));
    variants = optional ? [...variants, ...grown] : grown;
    if (variants.length > MAX_EXPANSION) throw bad(where, `pattern "${pattern}" expands to too many phrases`);
  }
  return variants.filter((v) => v.length > 0);
}

function checkToken(alt: string, where: string): void {
  if (alt === NUMBER_SLOT || alt.startsWith("'")) return;
  const toks = tokenize(alt);
  if (toks.length !== 1 || toks[0]!.norm !== alt) throw bad(where, `"${alt}" is not one lower-case token`);
}

function bad(where: string, reason: string): EngineError {
  return new EngineError('BadInput', `${where}: ${reason}`, where);
}

function field(obj: Record<string, unknown>, key: string, where: string): unknown {
  if (!(key in obj)) throw bad(`${where}.${key}`, 'missing');
  return obj[key];
}

function readRule(raw: unknown, where: string): { rule: Rule; patterns: string[] } {
  if (typeof raw !== 'object' || raw === null) throw bad(where, 'not an object');
  const r = raw as Record<string, unknown>;
  const direction = String(field(r, 'direction', where));
  if (!DIRECTIONS.has(direction)) throw bad(`${where}.direction`, `unknown direction "${direction}"`);
  const label = r.category === undefined ? undefined : String(r.category);
  if (label !== undefined && !LABELS.has(label)) throw bad(`${where}.category`, `unknown category "${label}"`);
  if (label === undefined && direction !== 'terminate' && direction !== 'pseudo')
    throw bad(`${where}.category`, 'a trigger needs a category');
  const patterns = field(r, 'patterns', where);
  if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== 'string'))
    throw bad(`${where}.patterns`, 'not a list of strings');
  const maxWords = r.maxWords;
  if (maxWords !== undefined && !(Number.isInteger(maxWords) && (maxWords as number) > 0))
    throw bad(`${where}.maxWords`, 'not a positive integer');
  const rule: Rule = {
    direction: direction as Direction,
    literal: String(r.literal ?? patterns[0]),
    source: String(r.source ?? 'unknown'),
    ...(label ? { label: label as ModifierLabel } : {}),
    ...(maxWords ? { maxWords: maxWords as number } : {}),
  };
  return { rule, patterns: patterns as string[] };
}

function insert(root: TrieNode, phrase: string[], rule: Rule): void {
  let node = root;
  for (const tok of phrase) {
    let child = node.next.get(tok);
    if (!child) node.next.set(tok, (child = { next: new Map() }));
    node = child;
  }
  const rules = (node.rules ??= { stops: [] });
  // A later trigger wins on an identical phrase: the project's additions come after medspaCy's. A phrase may also end
  // another label's scope ("denies" negates and ends a family member's scope).
  if (rule.direction === 'pseudo') rules.pseudo = rule;
  else if (rule.direction === 'terminate') rules.stops.push(rule);
  else rules.trigger = rule;
}

/** Validates and compiles a rule resource; errors name the resource and the field. */
export function compileRules(resource: unknown, name = RESOURCE_NAME): RuleSet {
  if (typeof resource !== 'object' || resource === null) throw bad(name, 'not a JSON object');
  const res = resource as Record<string, unknown>;
  const rules = field(res, 'rules', name);
  if (!Array.isArray(rules)) throw bad(`${name}.rules`, 'not a list');
  const root: TrieNode = { next: new Map() };
  rules.forEach((raw, i) => {
    const where = `${name} rules[${i}]`;
    const { rule, patterns } = readRule(raw, where);
    for (const p of patterns) for (const phrase of expand(p, where)) insert(root, phrase, rule);
  });
  const sections = new Map<string, string>();
  const rawSections = res.sections ?? [];
  if (!Array.isArray(rawSections)) throw bad(`${name}.sections`, 'not a list');
  rawSections.forEach((s: unknown, i) => {
    const entry = (s ?? {}) as Record<string, unknown>;
    const where = `${name} sections[${i}]`;
    sections.set(normalizeSection(String(field(entry, 'name', where))), String(field(entry, 'category', where)));
  });
  return { root, sections };
}

let cached: RuleSet | undefined;

export function defaultRules(): RuleSet {
  return (cached ??= compileRules(bundled));
}

/** Names the bundled rules: stored context derived under other rules is read again (index/contextBackfill.ts). */
export function rulesVersion(): string {
  return (version ??= sha256(JSON.stringify(bundled)).slice(0, 16));
}

let version: string | undefined;

function isNumberToken(t: Token): boolean {
  return t.kind === 'num' || NUMBER_WORDS.has(t.norm);
}

/** The longest rule phrase starting at tokens[i], if any. */
export function matchAt(set: RuleSet, tokens: readonly Token[], i: number): RuleMatch | undefined {
  let node: TrieNode | undefined = set.root;
  let best: RuleMatch | undefined;
  for (let k = i; node && k < tokens.length; k++) {
    const tok = tokens[k]!;
    node = node.next.get(tok.norm) ?? (isNumberToken(tok) ? node.next.get(NUMBER_SLOT) : undefined);
    if (node?.rules) best = { rules: node.rules, length: k - i + 1 };
  }
  return best;
}

export function normalizeSection(name: string): string {
  let s = name.trim();
  if (s.endsWith(':')) s = s.slice(0, -1);
  return s.split(/\s+/).filter(Boolean).join(' ').toUpperCase();
}

/** The label a whole section gives its mentions: family history and past medical/surgical history. */
export function sectionLabel(set: RuleSet, name: string | undefined): SectionLabel | undefined {
  if (!name) return undefined;
  const key = normalizeSection(name);
  const category = set.sections.get(key) ?? inferCategory(key);
  if (category === 'family_history') return 'family';
  if (category === 'past_medical_history' || category === 'past_surgical_history') return 'historical';
  return undefined;
}

/** Headings the resource does not list, such as "PAST MEDICAL AND SURGICAL HISTORY" or "FAMILY/SOCIAL HISTORY". */
function inferCategory(key: string): string | undefined {
  const words = new Set(key.split(/[^A-Z]+/));
  const history = words.has('HISTORY') || words.has('HX');
  if (words.has('FAMILY') && history && !words.has('SOCIAL')) return 'family_history';
  if ((words.has('PAST') || words.has('PREVIOUS') || words.has('PRIOR')) && (history || words.has('SURGERIES')))
    return 'past_medical_history';
  if (words.has('SURGICAL') && history) return 'past_surgical_history';
  return undefined;
}
