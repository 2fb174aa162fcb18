import { describe, expect, it } from 'vitest';
import type { WireMessage } from '../../../../electron/shared/rpc';
import { createResilientChannel } from './resilientChannel';

describe('createResilientChannel', () => {
  it('queues requests until a transport attaches', () => {
    const link = createResilientChannel();
    const sent: WireMessage[] = [];
    link.channel.send({ t: 'req', id: 1, method: 'engine/getStatus', args: [] });
    expect(sent).toEqual([]);
    link.attach((m) => sent.push(m));
    expect(sent.map((m) => m.t === 'req' && m.id)).toEqual([1]);
  });

  it('answers in-flight requests with an error when the transport drops', () => {
    const link = createResilientChannel();
    const received: WireMessage[] = [];
    link.channel.onMessage((m) => received.push(m));
    link.attach(() => undefined);
    link.channel.send({ t: 'req', id: 1, method: 'a', args: [] });
    link.channel.send({ t: 'req', id: 2, method: 'b', args: [] });
    link.deliver({ t: 'res', id: 1, ok: true, value: 'done' });
    link.detach('gone');
    expect(received).toEqual([
      { t: 'res', id: 1, ok: true, value: 'done' },
      { t: 'res', id: 2, ok: false, error: { kind: 'Internal', message: 'gone' } },
    ]);
  });
});
