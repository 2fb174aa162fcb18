import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../electron/shared/result';
import { createReconnectingChannel } from '../../../electron/shared/transport/reconnectingChannel';
import { createClient } from '../../../electron/shared/transport/rpc';
import type { WireMessage } from '../../../electron/shared/transport/wire';

const req = (id: number): WireMessage => ({ t: 'req', id, method: 'engine/getStatus', args: [] });

describe('the reconnecting channel', () => {
  it('queues requests until a transport attaches, then sends them in order', () => {
    const link = createReconnectingChannel();
    link.channel.send(req(1));
    link.channel.send(req(2));
    const sent: WireMessage[] = [];
    link.attach({ send: (m) => sent.push(m) });
    expect(sent).toEqual([req(1), req(2)]);
  });

  it('answers in-flight requests with an error when the transport drops, and closes it', () => {
    const link = createReconnectingChannel();
    const received: WireMessage[] = [];
    link.channel.onMessage((m) => received.push(m));
    let closed = 0;
    const deliver = link.attach({ send: () => undefined, close: () => closed++ });
    link.channel.send(req(1));
    link.channel.send(req(2));
    deliver({ t: 'res', id: 1, ok: true, value: 'done' });
    link.detach('gone');
    expect(closed).toBe(1);
    expect(received).toEqual([
      { t: 'res', id: 1, ok: true, value: 'done' },
      { t: 'res', id: 2, ok: false, error: { kind: 'Internal', message: 'gone' } },
    ]);
  });

  it('keeps requests made while detached for the next transport instead of failing them', () => {
    const link = createReconnectingChannel();
    const received: WireMessage[] = [];
    link.channel.onMessage((m) => received.push(m));
    link.attach({ send: () => undefined });
    link.detach('engine restarting');
    link.channel.send(req(7));
    link.detach('still down');
    expect(received).toEqual([]);
    const sent: WireMessage[] = [];
    link.attach({ send: (m) => sent.push(m) });
    expect(sent).toEqual([req(7)]);
  });

  it('fails the old transport’s requests when replaced, and drops its late answers', () => {
    const link = createReconnectingChannel();
    const received: WireMessage[] = [];
    link.channel.onMessage((m) => received.push(m));
    const oldDeliver = link.attach({ send: () => undefined });
    link.channel.send(req(1));
    const newDeliver = link.attach({ send: () => undefined });
    oldDeliver({ t: 'res', id: 1, ok: true, value: 'late' });
    link.channel.send(req(2));
    newDeliver({ t: 'res', id: 2, ok: true, value: 'fresh' });
    expect(received).toEqual([
      { t: 'res', id: 1, ok: false, error: { kind: 'Internal', message: 'The engine connection was replaced.' } },
      { t: 'res', id: 2, ok: true, value: 'fresh' },
    ]);
  });

  it('gives the client an EngineError for a request lost with its transport, and answers queued ones later', async () => {
    const link = createReconnectingChannel();
    const client = createClient(link.channel);
    const sent: WireMessage[] = [];
    link.attach({ send: (m) => sent.push(m) });
    const lost = client.listJobs();
    link.detach('The search engine stopped.');
    const err = await lost.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ kind: 'Internal', message: 'The search engine stopped.' });

    const waiting = client.listModels();
    const deliver = link.attach({
      send: (m) => m.t === 'req' && queueMicrotask(() => deliver({ t: 'res', id: m.id, ok: true, value: [] })),
    });
    await expect(waiting).resolves.toEqual([]);
  });
});
