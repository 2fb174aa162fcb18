import { z } from 'zod';
import type { ExpansionKind } from '../../shared/queryExpansion';
import { EngineError } from '../../shared/result';
import { normKey, phraseKey, tokenize } from './queryTokens';
import type { Token } from './queryTokens';

const words = z.array(z.string().trim().min(1)).min(1);
const senseSchema = z.strictObject({
  sense: z.string().trim().min(1),
  also: words.optional(),
  cues: words.optional(),
  primary: z.boolean().optional(),
  afterNumber: z.boolean().optional(),
});
const sensesSchema = z.array(senseSchema).min(1);
const abbreviationsSchema = z.object({
  entries: z.array(
    z.strictObject({
      forms: words,
      upper: z.boolean().optional(),
      notAfter: words.optional(),
      senses: sensesSchema,
    }),
  ),
});
const layTermsSchema = z.object({
  entries: z.array(z.strictObject({ lay: words, twoWay: z.boolean().optional(), senses: sensesSchema })),
});

type SenseJson = z.infer<typeof senseSchema>;

/** A word or phrase to search for; `reduced` ones (shorthand with other meanings) never weigh more than a guess. */
export interface Target {
  text: string;
  reduced: boolean;
}

interface Synonyms {
  label: string;
  targets: Target[];
}

export interface Sense {
  label: string;
  targets: Target[];
  /** Each cue as the tokens of its words. */
  cues: Token[][];
  primary: boolean;
  /** The sense of a unit: chosen outright right after a number ("24 hr", "5 cc", "120 ms"). */
  afterNumber: boolean;
}

/** What a matched run of query words expands to. */
export interface Rule {
  kind: ExpansionKind;
  senses: Sense[];
  /** Only when typed in capitals: the lower-case spelling is an ordinary word (AS, OR, US). */
  upper: boolean;
  /** Preceding words that cancel the rule ("stage IV" is not intravenous). */
  notAfter: Set<string>;
}

export interface Vocabulary {
  /** Shorthand, keyed by the norm keys of its words. */
  byNorm: Map<string, Rule[]>;
  /** Everyday words and clinical terms, keyed by the stem keys of their words. */
  byStem: Map<string, Rule[]>;
  /** Longest entry, in words. */
  maxWords: number;
}

export interface VocabularySource {
  abbreviations: unknown;
  layTerms: unknown;
  /** Names used in error messages, e.g. the files the data came from. */
  names?: { abbreviations: string; layTerms: string };
}

const DEFAULT_NAMES = {
  abbreviations: 'resources/vocabulary/abbreviations.json',
  layTerms: 'resources/vocabulary/lay-terms.json',
};

function parse<T>(schema: z.ZodType<T>, data: unknown, name: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  throw new EngineError('BadInput', `${name}: ${where}: ${issue.message}`, name);
}

/** Validates both tables and builds the lookup maps; bad data fails with the file and field at fault. */
export function buildVocabulary(source: VocabularySource): Vocabulary {
  const names = source.names ?? DEFAULT_NAMES;
  const abbreviations = parse(abbreviationsSchema, source.abbreviations, names.abbreviations).entries;
  const layTerms = parse(layTermsSchema, source.layTerms, names.layTerms).entries;
  const vocab: Vocabulary = { byNorm: new Map(), byStem: new Map(), maxWords: 1 };
  const fail = (name: string, where: string, why: string): never => {
    throw new EngineError('BadInput', `${name}: ${where}: ${why}`, name);
  };
  const toSense = (s: SenseJson, name: string, where: string, targets: Target[]): Sense => ({
    label: s.sense,
    targets,
    cues: (s.cues ?? []).map((cue, i) => {
      const tokens = tokenize(cue);
      return tokens.length ? tokens : fail(name, `${where}.cues.${i}`, `"${cue}" has no words`);
    }),
    primary: s.primary ?? false,
    afterNumber: s.afterNumber ?? false,
  });
  const checkPrimary = (senses: SenseJson[], name: string, where: string) => {
    if (senses.filter((s) => s.primary).length > 1) fail(name, where, 'more than one sense is marked primary');
  };

  // Shorthand for each clinical term, so "heart attack" also finds "h/o MI" and "myocardial infarction" finds "MI".
  const shorthand = new Map<string, Synonyms>();
  abbreviations.forEach((entry, i) => {
    const where = `entries.${i}`;
    checkPrimary(entry.senses, names.abbreviations, where);
    const senses = entry.senses.map((s, j) => {
      const targets = [s.sense, ...(s.also ?? [])].map((text) => ({ text, reduced: false }));
      return toSense(s, names.abbreviations, `${where}.senses.${j}`, targets);
    });
    const rule: Rule = {
      kind: 'abbreviation',
      senses,
      upper: entry.upper ?? false,
      notAfter: new Set((entry.notAfter ?? []).map(normKey)),
    };
    const seen = new Set<string>();
    entry.forms.forEach((form, j) => {
      const tokens = tokenize(form);
      if (!tokens.length) fail(names.abbreviations, `${where}.forms.${j}`, `"${form}" has no words`);
      const key = phraseKey(tokens, 'norm');
      if (seen.has(key)) return;
      seen.add(key);
      if (vocab.byNorm.has(key)) fail(names.abbreviations, `${where}.forms.${j}`, `"${form}" is already listed`);
      vocab.byNorm.set(key, [rule]);
      vocab.maxWords = Math.max(vocab.maxWords, tokens.length);
    });
    const written = searchableForms(entry.forms);
    if (!written.length) return;
    const formKeys = new Set(entry.forms.map(normKey));
    entry.senses.forEach((s) => {
      // Shorthand with several meanings stands for this one only sometimes: search it no harder than a guess.
      const reduced = entry.senses.length > 1 && !s.primary;
      for (const term of [s.sense, ...(s.also ?? [])]) {
        const words = tokenize(term);
        // "PR interval" already holds its shorthand; as a phrase to match it would hide the abbreviation PR.
        if (words.some((w) => formKeys.has(w.norm))) continue;
        const key = phraseKey(words, 'stem');
        const found = shorthand.get(key) ?? { label: term, targets: [] };
        for (const text of written)
          if (!found.targets.some((t) => t.text === text)) found.targets.push({ text, reduced });
        shorthand.set(key, found);
      }
    });
  });

  const addStem = (key: string, rule: Rule, words: number) => {
    vocab.byStem.set(key, [...(vocab.byStem.get(key) ?? []), rule]);
    vocab.maxWords = Math.max(vocab.maxWords, words);
  };
  const clinicalKeys = new Map<string, Synonyms>();
  const layKeys = new Set<string>();
  layTerms.forEach((entry, i) => {
    const where = `entries.${i}`;
    checkPrimary(entry.senses, names.layTerms, where);
    const senses = entry.senses.map((s, j) => {
      const terms = [s.sense, ...(s.also ?? [])];
      const chained = terms.flatMap((t) => shorthand.get(phraseKey(tokenize(t), 'stem'))?.targets ?? []);
      const targets = [...terms.map((text) => ({ text, reduced: false })), ...chained];
      return toSense(s, names.layTerms, `${where}.senses.${j}`, targets);
    });
    const rule: Rule = { kind: 'lay', senses, upper: false, notAfter: new Set() };
    const own = new Set<string>();
    entry.lay.forEach((phrase, j) => {
      const tokens = tokenize(phrase);
      if (!tokens.length) fail(names.layTerms, `${where}.lay.${j}`, `"${phrase}" has no words`);
      const key = phraseKey(tokens, 'stem');
      if (own.has(key)) return;
      if (layKeys.has(key)) fail(names.layTerms, `${where}.lay.${j}`, `"${phrase}" is already listed`);
      own.add(key);
      layKeys.add(key);
      addStem(key, rule, tokens.length);
    });
    if (entry.twoWay) {
      for (const s of entry.senses) {
        const key = phraseKey(tokenize(s.sense), 'stem');
        const found = clinicalKeys.get(key) ?? { label: s.sense, targets: [] };
        found.targets.push({ text: entry.lay[0]!, reduced: false });
        clinicalKeys.set(key, found);
      }
    }
  });

  // The clinical term typed: add its shorthand and, for two-way entries, its everyday wording.
  for (const [key, found] of shorthand) {
    if (layKeys.has(key)) continue;
    const lay = clinicalKeys.get(key)?.targets ?? [];
    clinicalKeys.set(key, { label: found.label, targets: [...found.targets, ...lay] });
  }
  for (const [key, { label, targets }] of clinicalKeys) {
    const sense: Sense = { label, targets, cues: [], primary: false, afterNumber: false };
    addStem(key, { kind: 'synonym', senses: [sense], upper: false, notAfter: new Set() }, key.split(' ').length);
  }
  return vocab;
}

/** Forms that the full-text index can match as written: one word of letters and digits (not N/V, not a-fib). */
function searchableForms(forms: string[]): string[] {
  const out: string[] = [];
  for (const f of forms) {
    if (!/^[A-Za-z][A-Za-z0-9]+$/.test(f)) continue;
    if (!out.some((o) => o.toLowerCase() === f.toLowerCase())) out.push(f);
  }
  return out.slice(0, 3);
}
