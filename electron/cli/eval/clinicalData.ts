import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../../shared/result';
import { jsonLines, noteText } from '../jsonl';
import type { BeirData } from './beirData';
import type { Qrels, Traps } from './metrics';

/** A judged query set with traps: graded qrels, and which grade-0 notes mention the query in the wrong context. */
export interface ClinicalData extends BeirData {
  traps: Traps;
  /** Each query's kind and split ("dev" / "heldout"), for per-group scores. */
  groups: Map<string, { kind: string; split: string }>;
}

export interface ClinicalFiles {
  queries: string;
  qrels: string;
  /** `{qid, docid, trap}` per judged note; without it the traps are unknown (trap share 0). */
  judgments?: string;
  /** Notes JSON Lines (MTSamples export), read in order: a note's id is its 0-based row number across the files. */
  corpus: string[];
}

/** The files of a folder laid out as tests/fixtures/clinical-devset (queries.jsonl, qrels.tsv, judgments.jsonl). */
export async function clinicalFiles(dir: string, corpus: string[]): Promise<ClinicalFiles> {
  const judgments = join(dir, 'judgments.jsonl');
  const files: ClinicalFiles = { queries: join(dir, 'queries.jsonl'), qrels: join(dir, 'qrels.tsv'), corpus };
  for (const f of [files.queries, files.qrels]) {
    if (!(await stat(f).catch(() => undefined))) throw new EngineError('BadInput', `${dir}: no ${f} here.`, f);
  }
  if (await stat(judgments).catch(() => undefined)) files.judgments = judgments;
  return files;
}

export async function loadClinical(files: ClinicalFiles): Promise<ClinicalData> {
  if (files.corpus.length === 0) throw new EngineError('BadInput', 'No corpus given (--corpus <notes.jsonl.gz ...>).');
  const qrels = await readQrels(files.qrels);
  const queries = new Map<string, string>();
  const groups = new Map<string, { kind: string; split: string }>();
  for await (const q of jsonLines(files.queries)) {
    const qid = String(q.qid ?? q._id ?? '');
    const text = typeof q.query === 'string' ? q.query : typeof q.text === 'string' ? q.text : '';
    if (!qid || !text.trim()) throw new EngineError('BadInput', `${files.queries}: a query without qid or text.`);
    if (!qrels.has(qid)) continue;
    queries.set(qid, text);
    groups.set(qid, { kind: String(q.kind ?? 'all'), split: String(q.split ?? 'all') });
  }
  const traps: Traps = new Map();
  if (files.judgments) {
    for await (const j of jsonLines(files.judgments)) {
      if (j.trap !== true) continue;
      const qid = String(j.qid);
      traps.set(qid, (traps.get(qid) ?? new Set()).add(String(j.docid)));
    }
  }
  const corpus: BeirData['corpus'] = [];
  let row = 0;
  for (const file of files.corpus) {
    for await (const r of jsonLines(file)) {
      const text = noteText(r);
      if (text.trim()) corpus.push({ id: String(row), text });
      row++;
    }
  }
  return { corpus, queries, qrels: new Map([...qrels].filter(([q]) => queries.has(q))), traps, groups };
}

/** TREC qrels (`qid 0 docid grade`, spaces or tabs); a malformed line is an error naming the file and line. */
async function readQrels(file: string): Promise<Qrels> {
  const qrels: Qrels = new Map();
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('query-id')) return;
    const [qid, , docid, grade] = line.trim().split(/\s+/);
    if (!qid || !docid || grade === undefined || !Number.isFinite(Number(grade))) {
      throw new EngineError('BadInput', `${file}:${i + 1}: expected "qid 0 docid grade".`, file);
    }
    qrels.set(qid, (qrels.get(qid) ?? new Map<string, number>()).set(docid, Number(grade)));
  });
  return qrels;
}
