import { EngineError } from '../../shared/result';
import type { ExplainRequest, MatchExplanation } from '../../shared/types';
import { decodeSpans } from '../context';
import type { Embedder } from '../embed/embedder';
import type { ChunkIndex } from '../index/chunkIndex';
import { sentenceRanges } from '../text/sentences';
import { sentenceLabel } from './evidence';
import { readQuery } from './queryIntent';

export interface ExplainDeps {
  index: Pick<ChunkIndex, 'chunk'>;
  embedder: () => Promise<Embedder>;
}

/** A sentence without the query's words is read as denied (or a relative's, ...) when that covers half of it. */
const SENTENCE_LABEL_SHARE = 0.5;
/** Sentences shorter than this are joined to the next: "1." or "NECK:" alone mean nothing to the model. */
const MIN_SENTENCE_CHARS = 25;
/** A chunk holds a few dozen sentences at most; this bounds the batch whatever the text. */
const MAX_SENTENCES = 64;

/**
 * The sentence of a chunk closest to the query by meaning: the chunk's sentences embedded as passages in one batch,
 * compared with the query by cosine (vectors are normalised, so the dot product), with the context label of that
 * sentence. This is what the vector side's match rests on, which words alone cannot show.
 */
export async function explainMatch(deps: ExplainDeps, req: ExplainRequest): Promise<MatchExplanation> {
  const chunk = await deps.index.chunk(req.chunkId);
  if (!chunk) {
    throw new EngineError(
      'BadInput',
      `No passage "${req.chunkId}" in the library: the document was removed or changed since this search. Search again.`,
      'chunkId',
    );
  }
  const sentences = readableSentences(chunk.text);
  const embedder = await deps.embedder();
  const [query] = await embedder.embed([req.query], 'query');
  const vectors = await embedder.embed(
    sentences.map(([a, b]) => chunk.text.slice(a, b)),
    'passage',
  );
  let best = 0;
  let bestScore = -Infinity;
  vectors.forEach((v, i) => {
    const score = dot(query!, v);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  const [start, end] = sentences[best]!;
  const intent = readQuery(req.query);
  const label = sentenceLabel(chunk.text, decodeSpans(chunk.context), intent, { start, end }, SENTENCE_LABEL_SHARE);
  return { chunkId: chunk.id, closest: { start, end, ...label, by: 'meaning', similarity: bestScore } };
}

function readableSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of sentenceRanges(text)) {
    let start = a;
    let end = b;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end <= start) continue;
    const last = out.at(-1);
    if (last && last[1] - last[0] < MIN_SENTENCE_CHARS) last[1] = end;
    else out.push([start, end]);
  }
  return (out.length ? out : [[0, text.length] as [number, number]]).slice(0, MAX_SENTENCES);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
