import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EngineError } from '../../shared/result';
import { jsonLines, noteText } from '../jsonl';
import type { Qrels } from './metrics';

export interface BeirData {
  corpus: Array<{ id: string; text: string }>;
  /** Query text only: SciFact's query metadata holds the gold evidence and must never be read. */
  queries: Map<string, string>;
  qrels: Qrels;
}

async function firstExisting(dir: string, names: string[]): Promise<string> {
  for (const n of names) if (await stat(join(dir, n)).catch(() => undefined)) return join(dir, n);
  throw new EngineError('BadInput', `${dir} has none of ${names.join(', ')} (not a BEIR folder).`, dir);
}

export async function loadBeir(dir: string, split: string): Promise<BeirData> {
  const corpus: BeirData['corpus'] = [];
  for await (const d of jsonLines(await firstExisting(dir, ['corpus.jsonl', 'corpus.jsonl.gz']))) {
    // MTEB's retrieval protocol embeds "title text", stripped.
    corpus.push({ id: String(d._id), text: `${String(d.title ?? '')} ${String(d.text ?? '')}`.trim() });
  }
  const qrelsFile = await firstExisting(dir, [`qrels/${split}.tsv`]);
  const qrels: Qrels = new Map();
  const lines = createInterface({ input: createReadStream(qrelsFile), crlfDelay: Infinity });
  for await (const line of lines) {
    const [qid, did, score] = line.split('\t');
    if (!qid || !did || qid === 'query-id') continue;
    const m = qrels.get(qid) ?? new Map<string, number>();
    m.set(did, Number(score));
    qrels.set(qid, m);
  }
  const queries = new Map<string, string>();
  for await (const q of jsonLines(await firstExisting(dir, ['queries.jsonl', 'queries.jsonl.gz']))) {
    const id = String(q._id);
    if (qrels.has(id)) queries.set(id, String(q.text));
  }
  return { corpus, queries, qrels };
}

/**
 * Known-item retrieval over a notes export (MTSamples JSONL): each note's `description` is the query and that note
 * the only relevant document. Notes without text or description are left out.
 */
export async function loadKnownItem(files: string[], limit = Infinity): Promise<BeirData> {
  const corpus: BeirData['corpus'] = [];
  const queries = new Map<string, string>();
  const qrels: Qrels = new Map();
  for (const file of files) {
    for await (const row of jsonLines(file)) {
      const id = String(row.note_id ?? row._id ?? corpus.length + 1);
      const text = noteText(row);
      const description = typeof row.description === 'string' ? row.description.trim() : '';
      if (!text.trim() || description.length < 8) continue;
      corpus.push({ id, text });
      queries.set(id, description);
      qrels.set(id, new Map([[id, 1]]));
      if (corpus.length >= limit) return { corpus, queries, qrels };
    }
  }
  return { corpus, queries, qrels };
}
