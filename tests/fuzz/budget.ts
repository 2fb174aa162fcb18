import type fc from 'fast-check';
import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import { EngineError } from '../../electron/shared/result';

/**
 * Sizes of the fuzz runs. `npm test` (CI) runs a few hundred cases a target; `npm run fuzz` sets CLINOTE_FUZZ=nightly
 * for the nightly size (10,000 a cheap target). CLINOTE_FUZZ_SEED replays a reported failure.
 */
export const NIGHTLY = process.env.CLINOTE_FUZZ === 'nightly';
const SEED = process.env.CLINOTE_FUZZ_SEED ? Number(process.env.CLINOTE_FUZZ_SEED) : undefined;

export function runs(ci: number, nightly: number): number {
  return NIGHTLY ? nightly : ci;
}

/** fast-check parameters for one target; the count of cases run is written to $CLINOTE_FUZZ_REPORT. */
export function params<T>(target: string, ci: number, nightly: number): fc.Parameters<T> {
  const numRuns = runs(ci, nightly);
  if (process.env.CLINOTE_FUZZ_REPORT) appendFileSync(process.env.CLINOTE_FUZZ_REPORT, `${target}\t${numRuns}\n`);
  return { numRuns, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true };
}

/** A vitest time limit that fits `cases` cases of at most `perCaseMs` each, with room to spare. */
export const timeFor = (cases: number, perCaseMs: number) => Math.max(30_000, cases * perCaseMs * 2);

/** Runs a synchronous function and fails when one input takes longer than the budget (a super-linear path). */
export function timed<T>(budgetMs: number, label: string, fn: () => T): T {
  const started = performance.now();
  const value = fn();
  const took = performance.now() - started;
  expect(took, `${label} took ${took.toFixed(0)} ms (budget ${budgetMs} ms)`).toBeLessThan(budgetMs);
  return value;
}

/** The same for a promise: it must settle within the budget, or the case fails as a hang. */
export async function timedAsync<T>(budgetMs: number, label: string, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not finish within ${budgetMs} ms`)), budgetMs);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Bad input may be refused, but only as an EngineError naming the file (a message a person can act on), never as a
 * TypeError or RangeError escaping from inside a parser.
 */
export async function refusedCleanly(file: string, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    expect(err.message).toContain(file);
    return err;
  }
}
