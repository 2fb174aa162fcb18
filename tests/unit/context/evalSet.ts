/**
 * The hand-labelled MTSamples sentences (tests/fixtures/context/sentences.jsonl) and the per-label scoring used by
 * the evaluation test. The split into a development part and a held-out part is fixed by a hash of each id, so it
 * does not move when sentences are added.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectContext, labelAt } from '../../../electron/core/context';
import type { ContextLabel } from '../../../electron/core/context';

export interface LabelledSentence {
  id: string;
  note: number;
  section?: string;
  sentence: string;
  target: string;
  label: ContextLabel;
}

export const LABELS: ContextLabel[] = ['affirmed', 'negated', 'possible', 'historical', 'hypothetical', 'family'];
const FIXTURE = fileURLToPath(new URL('../../fixtures/context/sentences.jsonl', import.meta.url));

export function loadSentences(path = FIXTURE): LabelledSentence[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const row = JSON.parse(line) as LabelledSentence;
      if (!LABELS.includes(row.label)) throw new Error(`${path}:${i + 1}: unknown label "${row.label}"`);
      return row;
    });
}

/** FNV-1a of the id: three in ten sentences are held out. */
export function isHeldOut(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h % 10 < 3;
}

export function predict(row: LabelledSentence): ContextLabel {
  const at = row.sentence.indexOf(row.target);
  if (at < 0) throw new Error(`${row.id}: target "${row.target}" is not in the sentence`);
  const spans = detectContext(row.sentence, row.section ? { section: row.section } : {});
  return labelAt(spans, at, at + row.target.length);
}

export interface LabelScore {
  label: ContextLabel;
  support: number;
  precision: number;
  recall: number;
}

export function score(rows: LabelledSentence[]): { scores: LabelScore[]; misses: [LabelledSentence, ContextLabel][] } {
  const predicted = rows.map((r) => [r, predict(r)] as [LabelledSentence, ContextLabel]);
  const scores = LABELS.map((label) => {
    const tp = predicted.filter(([r, p]) => p === label && r.label === label).length;
    const guessed = predicted.filter(([, p]) => p === label).length;
    const support = rows.filter((r) => r.label === label).length;
    return { label, support, precision: guessed ? tp / guessed : 0, recall: support ? tp / support : 0 };
  });
  return { scores, misses: predicted.filter(([r, p]) => r.label !== p) };
}

export function table(title: string, scores: LabelScore[]): string {
  const lines = scores.map(
    (s) => `${s.label.padEnd(13)} ${String(s.support).padStart(4)}  ${s.precision.toFixed(3)}  ${s.recall.toFixed(3)}`,
  );
  return [title, 'label          n    prec   recall', ...lines].join('\n');
}
