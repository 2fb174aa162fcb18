import { describe, expect, it } from 'vitest';
import { withValidation } from '../../electron/core/api/validate';
import type { EngineApi } from '../../electron/shared/contract';
import { ENGINE_METHODS } from '../../electron/shared/contract';
import { EngineError } from '../../electron/shared/result';

// A fake of the engine's methods is fine here: this tests the validating wrapper, not the engine.
function recordingApi(calls: unknown[][]): EngineApi & { helper(): string } {
  const api: Record<string, unknown> = { helper: () => 'not a contract method' };
  for (const m of ENGINE_METHODS) api[m] = async (...args: unknown[]) => (calls.push([m, ...args]), null);
  return api as unknown as EngineApi & { helper(): string };
}

describe('the engine validates its arguments at its own boundary', () => {
  it('refuses bad arguments with BadInput naming the field, before the method runs', async () => {
    const calls: unknown[][] = [];
    const api = withValidation(recordingApi(calls));
    const bad: Array<[Promise<unknown>, string]> = [
      [api.search({ query: '   ' }), 'query'],
      [api.search({ query: 'x', k: 0 }), 'k'],
      [api.search({ query: 'x', filters: { dateFrom: 'last week' } }), 'filters.dateFrom'],
      [api.importFiles([]), '0'],
      [(api.removeDocuments as unknown as (x: unknown) => Promise<unknown>)('not-an-array'), '0'],
      [api.updateSettings({ threads: 0 }), 'threads'],
    ];
    for (const [promise, field] of bad) {
      const err = await promise.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect(err).toMatchObject({ kind: 'BadInput' });
      expect((err as EngineError).subject).toContain(field);
    }
    expect(calls).toEqual([]);
  });

  it('passes valid arguments on, normalised, and leaves other members alone', async () => {
    const calls: unknown[][] = [];
    const api = withValidation(recordingApi(calls));
    await api.search({ query: '  chest pain  ', k: 3 });
    expect(calls).toEqual([['search', { query: 'chest pain', k: 3 }]]);
    expect(api.helper()).toBe('not a contract method');
  });
});
