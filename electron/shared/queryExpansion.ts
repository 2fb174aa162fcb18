/**
 * How a search query was widened on the keyword side: the user's words, and the clinical terms added for them
 * (abbreviations spelled out, everyday words turned into clinical terms, clinical terms into the shorthand notes
 * use). Plain data, so the UI can show "SOB → shortness of breath" and offer the other senses of an ambiguous word.
 */

/** A run of the query's own characters: `query.slice(start, end) === text`. */
export interface QuerySpan {
  text: string;
  start: number;
  end: number;
}

/**
 * - `abbreviation`: the user typed shorthand (SOB, s/p, MS) and gets what it stands for.
 * - `lay`: the user typed everyday words (coughing up blood) and gets the clinical term.
 * - `synonym`: the user typed a clinical term and gets the other wordings notes use for it (MI, heart attack).
 */
export type ExpansionKind = 'abbreviation' | 'lay' | 'synonym';

export interface Expansion {
  /** The query words this expansion stands for. */
  from: QuerySpan;
  /** The words searched for in their place. */
  to: string;
  kind: ExpansionKind;
  /** The meaning `to` belongs to ("multiple sclerosis" for MS); several `to` may share one sense. */
  sense: string;
  /** The other meanings of `from`, so the user can pick one (see ExpandOptions.senses). */
  alternatives?: string[];
  /** True when nothing in the query chose among the meanings of `from`: every meaning is searched, lightly. */
  ambiguous?: boolean;
  /** Query words that chose this sense over the alternatives. */
  cues?: string[];
  /** Relative weight on the keyword side; the user's own words weigh 1. */
  weight: number;
}

export interface QueryExpansion {
  query: string;
  /** The user's own words, in order. */
  terms: QuerySpan[];
  expansions: Expansion[];
}

export interface ExpandOptions {
  /**
   * Meanings the user picked, keyed by the query words in lower case ("ms": "mitral stenosis"); a pick overrides
   * the cue words.
   */
  senses?: Record<string, string>;
}
