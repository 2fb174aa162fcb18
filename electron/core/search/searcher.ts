import type { DocMeta, DocType, SearchHit, SearchMode, SearchRequest, SearchResponse } from '../../shared/types';
import type { Embedder } from '../embed/embedder';
import type { ChunkHit, ChunkIndex } from '../index/chunkIndex';
import type { DocumentRow } from '../library/schema';
import { expandClinicalQuery } from './clinicalQuery';
import { filtersToWhere } from './filters';
import { reciprocalRankFusion } from './fusion';
import { bestPassage, findMatches, queryTerms } from './snippets';

export interface SearchDeps {
  /** One library's chunk index, or the local and a team library's searched as one (team/federatedIndex.ts). */
  index: Pick<ChunkIndex, 'modelId' | 'vectorSearch' | 'keywordSearch'>;
  embedder: () => Promise<Embedder>;
  document: (id: string) => DocumentRow | undefined;
}

interface Candidate {
  chunk: ChunkHit;
  vector?: number;
  keyword?: number;
  fused?: number;
  score: number;
}

// Candidates drawn from each list before fusion and grouping; documents with many chunks need the headroom.
const DEPTH_FACTOR = 5;
const MIN_DEPTH = 50;

export async function runSearch(deps: SearchDeps, req: SearchRequest): Promise<SearchResponse> {
  const started = performance.now();
  const mode: SearchMode = req.mode ?? 'hybrid';
  const k = req.k ?? 10;
  const group = req.groupByDocument ?? true;
  const depth = Math.max(k * DEPTH_FACTOR, MIN_DEPTH);
  const where = filtersToWhere(req.filters);
  const embedder = mode === 'keyword' ? undefined : await deps.embedder();

  const [vectorHits, keywordHits] = await Promise.all([
    embedder
      ? embedder.embed([req.query], 'query').then(([v]) => deps.index.vectorSearch(v!, { k: depth, where }))
      : [],
    mode === 'vector' ? [] : deps.index.keywordSearch(expandClinicalQuery(req.query), depth, where),
  ]);

  let candidates: Candidate[];
  if (mode === 'vector')
    candidates = vectorHits.map((c) => ({ chunk: c, vector: 1 - (c._distance ?? 1), score: 1 - (c._distance ?? 1) }));
  else if (mode === 'keyword')
    candidates = keywordHits.map((c) => ({ chunk: c, keyword: c._score ?? 0, score: c._score ?? 0 }));
  else candidates = fuse(vectorHits, keywordHits);

  // A chunk of another version than its document's (a document being re-published, read between its commits)
  // never shows: a document is seen whole at one version.
  candidates = candidates.filter((c) => deps.document(c.chunk.docId)?.contentHash === c.chunk.version);
  const picked = group ? bestPerDocument(candidates) : candidates;
  const terms = queryTerms(req.query);
  const hits: SearchHit[] = [];
  for (const c of picked) {
    if (hits.length >= k) break;
    const doc = deps.document(c.chunk.docId);
    if (!doc || doc.status !== 'ready') continue;
    hits.push(toHit(c, doc, terms));
  }
  return { hits, mode, tookMs: performance.now() - started, modelId: deps.index.modelId };
}

function fuse(vectorHits: ChunkHit[], keywordHits: ChunkHit[]): Candidate[] {
  const fused = reciprocalRankFusion<ChunkHit>([
    vectorHits.map((c) => ({ id: c.id, item: c })),
    keywordHits.map((c) => ({ id: c.id, item: c })),
  ]);
  const vec = new Map(vectorHits.map((c) => [c.id, 1 - (c._distance ?? 1)]));
  const kw = new Map(keywordHits.map((c) => [c.id, c._score ?? 0]));
  return fused.map((f) => ({
    chunk: f.item,
    vector: vec.get(f.id),
    keyword: kw.get(f.id),
    fused: f.score,
    score: f.score,
  }));
}

function bestPerDocument(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => (seen.has(c.chunk.docId) ? false : (seen.add(c.chunk.docId), true)));
}

function toHit(c: Candidate, doc: DocumentRow, terms: Set<string>): SearchHit {
  const text = c.chunk.text;
  const matches = findMatches(text, terms);
  const passage = bestPassage(text, matches);
  const scores: SearchHit['scores'] = {};
  if (c.vector !== undefined) scores.vector = c.vector;
  if (c.keyword !== undefined) scores.keyword = c.keyword;
  if (c.fused !== undefined) scores.fused = c.fused;
  return {
    docId: doc.id,
    chunkId: c.chunk.id,
    title: doc.title,
    path: doc.path,
    type: doc.type as DocType,
    page: c.chunk.page,
    ...(c.chunk.section ? { section: c.chunk.section } : {}),
    text,
    pageSpan: { start: c.chunk.start, end: c.chunk.end },
    passage,
    matches,
    score: c.score,
    scores,
    meta: JSON.parse(doc.meta || '{}') as DocMeta,
    source: c.chunk.source ?? 'local',
  };
}
