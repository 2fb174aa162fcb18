import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineLink } from '../../electron/preload/engineLink';
import type { EnginePort } from '../../electron/preload/engineLink';
import { ENGINE_METHODS } from '../../electron/shared/contract';
import type { EngineApi } from '../../electron/shared/contract';
import { EngineError } from '../../electron/shared/result';
import { createClient, serve } from '../../electron/shared/transport/rpc';
import type { Channel, WireMessage } from '../../electron/shared/transport/wire';
import type { EngineState } from '../../electron/shared/transport/shell';

// The preload's link over real MessagePorts (worker_threads' are the same web API); the engine is a fake, since
// what is tested is the link: reconnection, the engine-state handling, and errors crossing as data.
const opened: MessagePort[] = [];
afterEach(() => opened.splice(0).forEach((p) => p.close()));

function nodePortChannel(port: MessagePort): Channel {
  return {
    send: (m) => port.postMessage(m),
    onMessage: (listener) => {
      const handler = (m: WireMessage) => listener(m);
      port.on('message', handler);
      return () => port.off('message', handler);
    },
  };
}

function fakeEngine(name: string): EngineApi {
  const api: Record<string, unknown> = {};
  for (const m of ENGINE_METHODS) api[m] = async () => name;
  api.getDocumentText = async (id: string) => {
    throw new EngineError('BadInput', `No document ${id}.`, id);
  };
  api.listJobs = () => new Promise(() => undefined);
  return api as unknown as EngineApi;
}

/** What main does on every engine start: a new port pair, one end served by the engine, the other to the page. */
function connectEngine(name: string): EnginePort {
  const { port1, port2 } = new MessageChannel();
  opened.push(port1, port2);
  serve(fakeEngine(name), nodePortChannel(port2));
  port2.start();
  return port1 as unknown as EnginePort;
}

describe('the preload’s engine link', () => {
  it('gives the page a wire on which the client gets values and EngineErrors with kind and subject', async () => {
    const link = createEngineLink();
    const client = createClient(link.exposed);
    const waiting = client.getStatus();
    link.usePort(connectEngine('first'));
    link.setState({ state: 'ready' });
    expect(await waiting).toBe('first');
    const err = await client.getDocumentText('doc-9').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ kind: 'BadInput', message: 'No document doc-9.', subject: 'doc-9' });
    client.close();
  });

  it('fails requests in flight when the engine stops, and serves new ones on the next port', async () => {
    const link = createEngineLink();
    const client = createClient(link.exposed);
    const states: EngineState[] = [];
    link.onState((s) => states.push(s));
    link.usePort(connectEngine('first'));
    link.setState({ state: 'ready' });
    const hanging = client.listJobs();
    await new Promise((r) => setTimeout(r, 20));
    link.setState({ state: 'restarting', message: 'The search engine stopped unexpectedly.' });
    await expect(hanging).rejects.toMatchObject({
      kind: 'Internal',
      message: 'The search engine stopped unexpectedly.',
    });
    const queued = client.getStatus();
    link.usePort(connectEngine('second'));
    link.setState({ state: 'ready' });
    expect(await queued).toBe('second');
    expect(states.map((s) => s.state)).toEqual(['connecting', 'ready', 'restarting', 'ready']);
    client.close();
  });

  it('passes only requests from the page to the engine', async () => {
    const link = createEngineLink();
    const { port1, port2 } = new MessageChannel();
    opened.push(port1, port2);
    const seen: unknown[] = [];
    port2.on('message', (m) => seen.push(m));
    link.usePort(port1 as unknown as EnginePort);
    const send = link.exposed.send as (m: unknown) => void;
    send({ t: 'res', id: 1, ok: true, value: 'forged' });
    send(null);
    send('engine/getStatus');
    send({ t: 'req', id: 'x', method: 'engine/getStatus', args: [] });
    send({ t: 'req', id: 2, method: 'engine/getStatus', args: [] });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([{ t: 'req', id: 2, method: 'engine/getStatus', args: [] }]);
  });
});
