import { BooleanQuery, MatchQuery, Occur, Operator, PhraseQuery } from '@lancedb/lancedb';
import type { FullTextQuery } from '@lancedb/lancedb';
import type { QueryExpansion } from '../../shared/queryExpansion';
import { contentWords } from './queryTokens';
import { USER_WEIGHT } from './vocabulary';

export interface FullTextOptions {
  /** The text column the full-text index was built on. */
  column?: string;
  /** The index keeps word positions (built with `withPosition: true`): typed phrases are matched as phrases. */
  positions?: boolean;
}

/**
 * The keyword-side query for LanceDB's BM25 index: one SHOULD clause per thing to look for, whose scores add up.
 * - the query as typed, boost 1;
 * - each multi-word phrase the user typed that the vocabulary knows ("coughing up blood"), again at weight 1, as
 *   a phrase when the index has positions, else as all-words-required; notes with the words together rank above
 *   notes with them scattered;
 * - each expansion with all its words required, its boost its weight shared among its scored words, so a
 *   three-word expansion weighs about as much as a one-word one and always less than the user's words.
 * MatchQuery boosts multiply the BM25 score; a PhraseQuery takes no boost, which is why only the user's own
 * phrases are sent as phrases. Rows added since the index was last optimised are found, but LanceDB 0.31 scores
 * them without the boost and without phrases, until the next optimise folds them in.
 */
export function toFullTextQuery(expansion: QueryExpansion, options: FullTextOptions = {}): FullTextQuery {
  const column = options.column ?? 'text';
  const typed = new MatchQuery(expansion.query, column, { boost: USER_WEIGHT });
  return new BooleanQuery([[Occur.Should, typed], ...addedClauses(expansion, options)]);
}

/**
 * The same query as two that LanceDB answers fast: the words as typed, a plain match query, and the clauses the
 * vocabulary adds, if any; their BM25 scores are summed per row by the caller, as SHOULD clauses sum. A boolean query
 * scores every row that matches any clause, where a plain match query keeps only its top k as it goes: at 1M chunks
 * the typed words alone took 9 ms as a match query and 139 ms wrapped in a boolean one.
 */
export function splitFullTextQuery(
  expansion: QueryExpansion,
  options: FullTextOptions = {},
): { typed: string; added?: FullTextQuery } {
  const clauses = addedClauses(expansion, options);
  return clauses.length ? { typed: expansion.query, added: new BooleanQuery(clauses) } : { typed: expansion.query };
}

function addedClauses(expansion: QueryExpansion, options: FullTextOptions): [Occur, FullTextQuery][] {
  const column = options.column ?? 'text';
  const clauses: [Occur, FullTextQuery][] = [];

  const phrases = new Set<string>();
  for (const { from } of expansion.expansions) {
    const key = from.text.toLowerCase();
    if (phrases.has(key) || contentWords(from.text).length < 2) continue;
    phrases.add(key);
    clauses.push([
      Occur.Should,
      options.positions
        ? new PhraseQuery(from.text, column)
        : new MatchQuery(from.text, column, { boost: USER_WEIGHT, operator: Operator.And }),
    ]);
  }

  for (const [to, weight] of heaviestPerTarget(expansion)) {
    const scored = contentWords(to).length;
    if (!scored) continue;
    const operator = scored > 1 ? Operator.And : Operator.Or;
    clauses.push([Occur.Should, new MatchQuery(to, column, { boost: weight / scored, operator })]);
  }
  return clauses;
}

/** One clause per searched wording: the same words reached from two query words count once, at the larger weight. */
function heaviestPerTarget(expansion: QueryExpansion): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of expansion.expansions) {
    const key = e.to.toLowerCase();
    out.set(key, Math.max(out.get(key) ?? 0, e.weight));
  }
  return out;
}

/** Every word the keyword side looks for, for highlighting: the user's words first, then the expansions'. */
export function searchedWords(expansion: QueryExpansion): string[] {
  const words = [...expansion.terms.map((t) => t.text), ...expansion.expansions.map((e) => e.to)];
  return [...new Set(words.flatMap((w) => contentWords(w)))];
}
