import { describe, expect, it } from 'vitest';
import type { EngineApi } from '../../electron/shared/contract';
import { ENGINE_METHODS, METHOD_WIRE_NAMES } from '../../electron/shared/contract';
import { EngineError } from '../../electron/shared/result';
import { createMemoryChannelPair } from '../../electron/shared/transport/memoryChannel';
import { createClient, serve } from '../../electron/shared/transport/rpc';
import type { SearchRequest } from '../../electron/shared/types';

// A fake of the engine is fine here: this tests the RPC plumbing, not the engine.
function fakeApi(calls: unknown[][]): EngineApi {
  const api: Record<string, unknown> = {};
  for (const m of ENGINE_METHODS) api[m] = async (...args: unknown[]) => (calls.push([m, ...args]), null);
  api.search = async (req: SearchRequest) => {
    if (req.query === 'boom') throw new EngineError('ModelMissing', 'No model.', 'model');
    return { hits: [], mode: req.mode ?? 'hybrid', tookMs: 1, modelId: 'm' };
  };
  return api as unknown as EngineApi;
}

describe('rpc over an in-memory channel', () => {
  it('has a domain/verb wire name for every method', () => {
    expect(ENGINE_METHODS.every((m) => /^[a-z]+\/[a-zA-Z]+$/.test(METHOD_WIRE_NAMES[m]))).toBe(true);
    expect(new Set(Object.values(METHOD_WIRE_NAMES)).size).toBe(ENGINE_METHODS.length);
  });

  it('returns values and rebuilds errors with their kind', async () => {
    const [a, b] = createMemoryChannelPair();
    serve(fakeApi([]), b);
    const client = createClient(a);
    await expect(client.search({ query: 'x', mode: 'vector' })).resolves.toMatchObject({ mode: 'vector' });
    const err = await client.search({ query: 'boom' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).kind).toBe('ModelMissing');
    expect((err as EngineError).subject).toBe('model');
  });

  it('rejects unknown wire methods and forwards events', async () => {
    const [a, b] = createMemoryChannelPair();
    const listeners: Array<(p: unknown) => void> = [];
    serve(fakeApi([]), b, { on: (_e, l) => (listeners.push(l as (p: unknown) => void), () => undefined) });
    const replies: unknown[] = [];
    a.onMessage((m) => replies.push(m));
    a.send({ t: 'req', id: 99, method: 'fs/readFile', args: ['/etc/passwd'] });
    await new Promise((r) => setTimeout(r, 5));
    expect(replies[0]).toMatchObject({ t: 'res', id: 99, ok: false, error: { kind: 'BadInput' } });
    const client = createClient(a);
    const got: unknown[] = [];
    client.on('jobs/done', (s) => got.push(s));
    listeners.forEach((l) => l({ jobId: 'j' }));
    await new Promise((r) => setTimeout(r, 5));
    expect(got.length).toBeGreaterThan(0);
  });

  it('ignores messages that are not well-formed requests instead of throwing', async () => {
    const calls: unknown[][] = [];
    const [a, b] = createMemoryChannelPair();
    serve(fakeApi(calls), b);
    const replies: unknown[] = [];
    a.onMessage((m) => replies.push(m));
    const send = a.send as (m: unknown) => void;
    for (const junk of [null, 'req', { t: 'req' }, { t: 'req', id: 1, method: 'jobs/list' }, { t: 'res', id: 2 }]) {
      send(junk);
    }
    send({ t: 'req', id: 3, method: 'jobs/list', args: [] });
    await new Promise((r) => setTimeout(r, 5));
    expect(replies).toEqual([{ t: 'res', id: 3, ok: true, value: null }]);
    expect(calls).toEqual([['listJobs']]);
  });
});
