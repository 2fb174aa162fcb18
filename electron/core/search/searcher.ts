import type {
  DocMeta,
  DocType,
  Evidence,
  HitWhy,
  SearchHit,
  SearchMode,
  SearchRequest,
  SearchResponse,
} from '../../shared/types';
import { decodeSpans } from '../context';
import type { Embedder } from '../embed/embedder';
import type { ChunkHit, ChunkIndex } from '../index/chunkIndex';
import type { DocumentRow } from '../library/schema';
import { placeByContext } from './contextRank';
import type { Placed, Read } from './contextRank';
import type { ChunkEvidence } from './evidence';
import { readEvidence } from './evidence';
import { detectSections, sectionAt } from '../ingest/sections';
import { filtersToWhere } from './filters';
import type { QueryExpansion } from '../../shared/queryExpansion';
import { splitFullTextQuery } from './fullTextQuery';
import { reciprocalRankFusion } from './fusion';
import { readQuery } from './queryIntent';
import { bestPassage } from './snippets';

export interface SearchDeps {
  /** One library's chunk index, or the local and a team library's searched as one (team/federatedIndex.ts). */
  index: Pick<ChunkIndex, 'modelId' | 'vectorSearch' | 'keywordSearch'>;
  embedder: () => Promise<Embedder>;
  document: (id: string) => DocumentRow | undefined;
}

interface Candidate {
  chunk: ChunkHit;
  doc: DocumentRow;
  vector?: number;
  keyword?: number;
  fused?: number;
  score: number;
  read?: ChunkEvidence;
}

// Candidates drawn from each list before fusion and grouping; documents with many chunks need the headroom.
const DEPTH_FACTOR = 5;
const MIN_DEPTH = 50;

export async function runSearch(deps: SearchDeps, req: SearchRequest): Promise<SearchResponse> {
  const started = performance.now();
  const mode: SearchMode = req.mode ?? 'hybrid';
  const k = req.k ?? 10;
  const context = req.context ?? 'affirmed';
  const depth = Math.max(k * DEPTH_FACTOR, MIN_DEPTH);
  const where = filtersToWhere(req.filters);
  const intent = readQuery(req.query, { expand: req.expand !== false, ...(req.senses ? { senses: req.senses } : {}) });
  const embedder = mode === 'keyword' ? undefined : await deps.embedder();

  const [vectorHits, keywordHits] = await Promise.all([
    embedder
      ? embedder.embed([req.query], 'query').then(([v]) => deps.index.vectorSearch(v!, { k: depth, where }))
      : [],
    mode === 'vector' ? [] : searchKeywords(deps.index, intent.expansion ?? req.query, depth, where),
  ]);

  const candidates = rank(mode, vectorHits, keywordHits).flatMap((c) => {
    const doc = deps.document(c.chunk.docId);
    // A chunk of another version than its document's (a document being re-published, read between its commits)
    // never shows: a document is seen whole at one version.
    return doc && doc.status === 'ready' && doc.contentHash === c.chunk.version ? [{ ...c, doc }] : [];
  });
  const reads: Read<Candidate>[] = candidates.map((c) => {
    const text = c.chunk.text;
    c.read = readEvidence(text, decodeSpans(c.chunk.context), intent);
    return { item: c, docId: c.chunk.docId, evidence: c.read.evidence, coverage: c.read.coverage };
  });
  const placed = placeByContext(reads, { target: intent.target, context, group: req.groupByDocument ?? true });
  const response: SearchResponse = {
    hits: placed.slice(0, k).map((p) => toHit(p, mode)),
    mode,
    tookMs: 0,
    modelId: deps.index.modelId,
    queryContext: intent.target,
    context,
  };
  if (intent.cue) response.queryContextCue = intent.cue;
  if (intent.expansion && mode !== 'vector') response.expansion = intent.expansion;
  response.tookMs = performance.now() - started;
  return response;
}

/**
 * BM25 hits for the typed words and the vocabulary's added wordings, their scores summed per chunk as a boolean
 * query's SHOULD clauses sum (see splitFullTextQuery): the same scores for every chunk both lists reach.
 */
export async function searchKeywords(
  index: Pick<ChunkIndex, 'keywordSearch'>,
  query: string | QueryExpansion,
  depth: number,
  where: string | undefined,
): Promise<ChunkHit[]> {
  if (typeof query === 'string') return index.keywordSearch(query, depth, where);
  const { typed, added } = splitFullTextQuery(query);
  if (!added) return index.keywordSearch(typed, depth, where);
  // Each list twice as deep as the result, so that a chunk high in one list rarely misses its score from the other
  // (at the same depth, nDCG@10 on the clinical development set fell 0.567 -> 0.560; at twice, 0.566).
  const [own, more] = await Promise.all([
    index.keywordSearch(typed, depth * 2, where),
    index.keywordSearch(added, depth * 2, where),
  ]);
  const byId = new Map<string, ChunkHit>();
  for (const hit of [...own, ...more]) {
    const seen = byId.get(hit.id);
    byId.set(hit.id, seen ? { ...seen, _score: (seen._score ?? 0) + (hit._score ?? 0) } : hit);
  }
  return [...byId.values()].sort((a, b) => (b._score ?? 0) - (a._score ?? 0)).slice(0, depth);
}

type Ranked = Omit<Candidate, 'doc'>;

/**
 * Each list in a fixed order: equal scores (identical texts, as a corpus with copies has) come back from LanceDB in
 * any order, which made rankings differ from run to run; ties go by chunk id.
 */
function steady(hits: ChunkHit[], score: (c: ChunkHit) => number): ChunkHit[] {
  return [...hits].sort((a, b) => score(b) - score(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function rank(mode: SearchMode, vectorHits: ChunkHit[], keywordHits: ChunkHit[]): Ranked[] {
  vectorHits = steady(vectorHits, similarity);
  keywordHits = steady(keywordHits, (c) => c._score ?? 0);
  if (mode === 'vector') return vectorHits.map((c) => ({ chunk: c, vector: similarity(c), score: similarity(c) }));
  if (mode === 'keyword') return keywordHits.map((c) => ({ chunk: c, keyword: c._score ?? 0, score: c._score ?? 0 }));
  const fused = reciprocalRankFusion<ChunkHit>([
    vectorHits.map((c) => ({ id: c.id, item: c })),
    keywordHits.map((c) => ({ id: c.id, item: c })),
  ]);
  const vec = new Map(vectorHits.map((c) => [c.id, similarity(c)]));
  const kw = new Map(keywordHits.map((c) => [c.id, c._score ?? 0]));
  return fused.map((f) => ({
    chunk: f.item,
    vector: vec.get(f.id),
    keyword: kw.get(f.id),
    fused: f.score,
    score: f.score,
  }));
}

const similarity = (c: ChunkHit) => 1 - (c._distance ?? 1);

function toHit(p: Placed<Candidate>, mode: SearchMode): SearchHit {
  const c = p.item;
  const read = c.read!;
  const text = c.chunk.text;
  // The card shows the sentence that answers (the HPI's "chest pain since Monday", not the ROS denial beside it).
  const lead = p.evidence.find((e) => e.label === p.label) ?? p.evidence[0];
  const inLead = lead ? read.matches.filter((m) => m.start >= lead.start && m.end <= lead.end) : [];
  const passage = bestPassage(text, inLead.length ? inLead : read.matches);
  const scores: SearchHit['scores'] = {};
  if (c.vector !== undefined) scores.vector = c.vector;
  if (c.keyword !== undefined) scores.keyword = c.keyword;
  if (c.fused !== undefined) scores.fused = c.fused;
  const hit: SearchHit = {
    docId: c.doc.id,
    chunkId: c.chunk.id,
    title: c.doc.title,
    path: c.doc.path,
    type: c.doc.type as DocType,
    page: c.chunk.page,
    ...(c.chunk.section ? { section: c.chunk.section } : {}),
    text,
    pageSpan: { start: c.chunk.start, end: c.chunk.end },
    passage,
    matches: read.matches,
    score: c.score,
    scores,
    meta: JSON.parse(c.doc.meta || '{}') as DocMeta,
    source: c.chunk.source ?? 'local',
    context: p.label,
    why: why(c, read, mode, lead),
  };
  if (p.demoted) hit.demoted = true;
  return hit;
}

/** Evidence sentences a hit lists: the one it is shown by first, then the others, a few at most. */
const MAX_EVIDENCE = 3;

function why(c: Candidate, read: ChunkEvidence, mode: SearchMode, lead: Evidence | undefined): HitWhy {
  const side: HitWhy['side'] =
    mode === 'vector' || (c.keyword === undefined && mode === 'hybrid')
      ? 'meaning'
      : mode === 'keyword' || c.vector === undefined
        ? 'words'
        : 'both';
  const whole = read.coverage >= 1;
  const relevance: HitWhy['relevance'] =
    side === 'both' && whole ? 'strong' : whole || side === 'both' ? 'good' : 'partial';
  const evidence = lead ? [lead, ...read.evidence.filter((e) => e !== lead)] : read.evidence;
  const out: HitWhy = { side, relevance, words: read.words, evidence: evidence.slice(0, MAX_EVIDENCE) };
  // The chunk's own section is the one in force where it starts; the evidence may sit under a later heading.
  const section = lead ? (sectionAt(detectSections(c.chunk.text), lead.start) ?? c.chunk.section) : c.chunk.section;
  if (section) out.section = section;
  return out;
}
