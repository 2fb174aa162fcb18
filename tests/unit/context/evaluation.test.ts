import { describe, expect, it } from 'vitest';
import { isHeldOut, loadSentences, score, table } from './evalSet';
import type { LabelScore } from './evalSet';

const rows = loadSentences();
const dev = rows.filter((r) => !isHeldOut(r.id));
const heldOut = rows.filter((r) => isHeldOut(r.id));
const GOAL = 0.9;

/**
 * Floors for the held-out part: the goal is 0.90 everywhere, but rules were only ever revised against the
 * development part, and on the held-out sentences (139, of which 9 possible and 11 hypothetical) the measured figures
 * were: negated P 0.933 R 0.955, possible P 0.857 R 0.667, historical P 0.947 R 0.818, hypothetical P 0.875
 * R 0.636, family P 0.824 R 1.000. Each floor is that figure less 0.05; the gap to the goal is real.
 */
const HELD_OUT_FLOORS: Record<string, [precision: number, recall: number]> = {
  negated: [0.88, 0.9],
  possible: [0.8, 0.6],
  historical: [0.89, 0.76],
  hypothetical: [0.82, 0.58],
  family: [0.77, 0.95],
};

function byLabel(scores: LabelScore[], label: string): LabelScore {
  return scores.find((s) => s.label === label)!;
}

describe('context evaluation set', () => {
  it('is a well-formed set with every label well represented', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const r of rows) {
      const lower = r.sentence.toLowerCase();
      const at = lower.indexOf(r.target.toLowerCase());
      expect(at, `${r.id}: target missing`).toBeGreaterThanOrEqual(0);
      expect(lower.indexOf(r.target.toLowerCase(), at + 1), `${r.id}: target occurs twice`).toBe(-1);
    }
    for (const label of Object.keys(HELD_OUT_FLOORS)) {
      expect(rows.filter((r) => r.label === label).length, label).toBeGreaterThanOrEqual(30);
    }
    expect(heldOut.length / rows.length).toBeGreaterThan(0.2);
    expect(heldOut.length / rows.length).toBeLessThan(0.4);
  });

  it('reaches the goal on the development part', () => {
    const { scores } = score(dev);
    console.log(table(`development part (${dev.length} sentences)`, scores));
    for (const label of Object.keys(HELD_OUT_FLOORS)) {
      const s = byLabel(scores, label);
      expect(s.precision, `${label} precision`).toBeGreaterThanOrEqual(GOAL);
      expect(s.recall, `${label} recall`).toBeGreaterThanOrEqual(GOAL);
    }
  });

  it('stays at its measured level on the held-out part', () => {
    const { scores } = score(heldOut);
    console.log(table(`held-out part (${heldOut.length} sentences)`, scores));
    for (const [label, [precision, recall]] of Object.entries(HELD_OUT_FLOORS)) {
      const s = byLabel(scores, label);
      expect(s.precision, `${label} precision`).toBeGreaterThanOrEqual(precision);
      expect(s.recall, `${label} recall`).toBeGreaterThanOrEqual(recall);
    }
  });
});
