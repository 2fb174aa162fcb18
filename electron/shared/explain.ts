import type { QueryExpansion } from './queryExpansion';
import type { ContextLabel, HitWhy } from './types';

/**
 * Words for what a search found, shared by the app and the CLI so both say the same thing: the context a mention is
 * in, which side found it, how strong the match is, and how the query was widened.
 */

// "if you vomit blood", "return if fever", "should symptoms recur": conditions, not plans.
const CONDITIONAL = /\b(if|should|in case|unless|return)\b/i;

/** A short label for a mention's context, as a chip on a result ("Denied", "Family history"). */
export function contextName(label: ContextLabel, cue?: string): string {
  switch (label) {
    case 'negated':
      return 'Denied';
    case 'family':
      return 'Family history';
    case 'hypothetical':
      return cue && CONDITIONAL.test(cue) ? 'Conditional' : 'Planned';
    case 'possible':
      return 'Possible';
    case 'historical':
      return 'History of';
    case 'affirmed':
      return 'Present';
  }
}

/** One sentence on what the label means, for a tooltip or a screen reader. */
export function contextHint(label: ContextLabel, cue?: string): string {
  const by = cue ? ` (“${cue}”)` : '';
  switch (label) {
    case 'negated':
      return `The note says the patient does not have it${by}.`;
    case 'family':
      return `The note says a relative has or had it${by}.`;
    case 'hypothetical':
      return `The note mentions it as planned, advised or conditional${by}, not as present.`;
    case 'possible':
      return `The note mentions it as possible or to be ruled out${by}.`;
    case 'historical':
      return `The note mentions it as past history${by}.`;
    case 'affirmed':
      return 'The note says the patient has it.';
  }
}

export function sideName(side: HitWhy['side']): string {
  return side === 'both' ? 'found by meaning and by words' : side === 'words' ? 'found by words' : 'found by meaning';
}

export function relevanceName(relevance: HitWhy['relevance']): string {
  return relevance === 'strong' ? 'Strong match' : relevance === 'good' ? 'Good match' : 'Partial match';
}

/** What a relevance reading rests on, in one sentence. */
export function relevanceHint(why: HitWhy): string {
  const whole =
    why.relevance === 'partial'
      ? 'no one sentence holds all of your query'
      : why.evidence.some((e) => e.by === 'words')
        ? 'one sentence holds all of your query'
        : 'close in meaning';
  return `${sideName(why.side)[0]!.toUpperCase()}${sideName(why.side).slice(1)}; ${whole}.`;
}

/** The widening of a query, one entry per query phrase: "SOB → shortness of breath, dyspnea". */
export function describeExpansion(expansion: QueryExpansion): string[] {
  const byFrom = new Map<string, string[]>();
  for (const e of expansion.expansions) {
    const list = byFrom.get(e.from.text) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    byFrom.set(e.from.text, list);
  }
  return [...byFrom].map(([from, to]) => `${from} → ${to.join(', ')}`);
}
